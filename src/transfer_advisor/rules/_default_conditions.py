"""The conditions of rules/default.yaml, as Python functions: generated, do not edit.

Regenerate with ``python -m transfer_advisor.rules.precompiled`` (the tests fail when it is stale).
"""

from typing import Any

from transfer_advisor.rules.closures import Facts
from transfer_advisor.rules.codegen import HELPERS

_arith_Add = HELPERS['_arith_Add']
_arith_Div = HELPERS['_arith_Div']
_arith_FloorDiv = HELPERS['_arith_FloorDiv']
_arith_Mod = HELPERS['_arith_Mod']
_arith_Mult = HELPERS['_arith_Mult']
_arith_Sub = HELPERS['_arith_Sub']
_call_len = HELPERS['_call_len']
_call_max = HELPERS['_call_max']
_call_min = HELPERS['_call_min']
_chain = HELPERS['_chain']
_eq = HELPERS['_eq']
_in = HELPERS['_in']
_is = HELPERS['_is']
_is_not = HELPERS['_is_not']
_list = HELPERS['_list']
_ne = HELPERS['_ne']
_neg = HELPERS['_neg']
_not_in = HELPERS['_not_in']
_order_Gt = HELPERS['_order_Gt']
_order_GtE = HELPERS['_order_GtE']
_order_Lt = HELPERS['_order_Lt']
_order_LtE = HELPERS['_order_LtE']
_K = ()
FINGERPRINT = {'size': 328533, 'crc32': 4003944650}


def _c0(facts: Facts) -> Any:
    get = facts.get
    return (((get('budget.usd') != None) and (get('estimates.full.usd') != None) and _order_GtE(get('budget.usd'), get('estimates.full.usd'))) or ((get('budget.gpu_hours') != None) and (get('estimates.full.gpu_hours') != None) and _order_GtE(get('budget.gpu_hours'), get('estimates.full.gpu_hours'))))


def _c1(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.covers_full') and ((get('budget.level') != 'low') or ((get('model.parameters') != None) and _order_LtE(get('model.parameters'), 1000000000) and (get('estimates.full.usd') != None) and _order_LtE(get('estimates.full.usd'), 100)))) or ((get('budget.level') == 'high') and (get('budget.usd') == None) and (get('budget.gpu_hours') == None) and ((get('estimates.full.usd') == None) or _order_LtE(get('estimates.full.usd'), 50000))) or ((not get('estimates.known')) and (_order_GtE(get('budget.gpu_hours'), 100) or _order_GtE(get('budget.usd'), 2000))))


def _c2(facts: Facts) -> Any:
    get = facts.get
    return _order_Lt(get('data.labeled_examples'), 100)


def _c3(facts: Facts) -> Any:
    get = facts.get
    return _order_GtE(get('data.labeled_examples'), 10000)


def _c4(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_memory_gb') == None) and (get('estimates.full.memory_gb') != None) and (get('budget.cost_gpu_memory_gb') != None) and (((get('budget.gpus') == 1) and _order_Gt(get('estimates.full.memory_gb'), _arith_Mult(get('budget.cost_gpu_memory_gb'), 8))) or (_order_Gt(get('budget.gpus'), 1) and _order_Gt(get('estimates.full.memory_gb'), get('budget.cost_gpu_memory_gb')))))


def _c5(facts: Facts) -> Any:
    get = facts.get
    return (get('data.large') and get('budget.significant') and (get('task.complexity') != 'low') and (not get('constraints.preserve_general_capabilities')) and (get('model.weights') == 'open'))


def _c6(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.architecture') == 'decoder') and (_order_Gt(_call_len(get('model.languages')), 1) or ((get('model.parameters') != None) and _order_GtE(get('model.parameters'), 7000000000))))


def _c7(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.match') == False) and (not get('model.sees_many_languages')))


def _c8(facts: Facts) -> Any:
    get = facts.get
    return ((_in(get('task.type'), get('model.zero_shot_tasks')) or (get('task.text_completion') and (get('model.architecture') == 'decoder') and get('model.promptable')) or (get('task.language_identification') and get('model.identifies_language'))) and (not (get('task.code_from_instructions') and (get('model.instruction_tuned') != True))) and (get('language.direction_match') != False) and (not get('language.unseen')) and (not ((_in(get('task.type'), get('model.trained_for')) or (get('model.label_set') != None)) and get('task.states_other_labels'))) and (not get('task.beyond_label_set')) and (not ((get('model.label_set') != None) and (_call_len(get('model.trained_for')) == 0) and get('task.described') and (not get('task.names_label_set')))) and (not (get('model.transcribes') and get('task.structured_extraction'))) and (not (get('model.class_agnostic') and get('task.states_classes'))))


def _c9(facts: Facts) -> Any:
    get = facts.get
    return (_in(get('task.type'), get('model.trained_for')) and (get('model.label_set') != None) and get('task.names_label_set') and (not get('task.beyond_label_set')) and (get('language.direction_match') != False) and (not get('language.unseen')))


def _c10(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.in_context_learning') == 'weak') or ((get('model.in_context_learning') == 'none') and get('model.promptable')) or ((get('model.in_context_learning') == None) and get('model.promptable') and (not get('model.in_catalog')) and (get('model.parameters') != None) and _order_Lt(get('model.parameters'), 1000000000)))


def _c11(facts: Facts) -> Any:
    get = facts.get
    return (get('model.weak_in_context') and (not (get('model.does_task') and (get('model.checkpoint') != 'instruct'))) and (not ((get('data.labeled_examples') == 0) and get('model.instruction_tuned') and get('model.does_task'))) and (not (get('model.instruction_tuned') and get('model.does_task') and _order_GtE(get('model.parameters'), 1000000000))) and (get('task.type') != 'embedding'))


def _c12(facts: Facts) -> Any:
    get = facts.get
    return (get('plan.fine_tuning') and ((get('model.weights') == 'closed') or ((get('model.weights') == 'hosted') and ((get('plan.strategy') == 'full_fine_tune') or ((get('plan.technique') != None) and (get('plan.technique') != 'hosted_tuning'))))))


def _c13(facts: Facts) -> Any:
    get = facts.get
    return (get('model.generative') and (((get('model.parameters') == None) and (get('model.weights') != 'open')) or ((get('model.parameters') != None) and _order_GtE(get('model.parameters'), 30000000000))))


def _c14(facts: Facts) -> Any:
    get = facts.get
    return _in(get('task.type'), _list(('generation', 'summarization', 'chat', 'translation', 'code', )))


def _c15(facts: Facts) -> Any:
    get = facts.get
    return (get('task.generative') and ((get('model.architecture') == 'encoder') or (get('model.role') != None)))


def _c16(facts: Facts) -> Any:
    get = facts.get
    return (((get('model.architecture') == 'encoder') or (get('model.checkpoint') == 'pretrained') or (get('model.checkpoint') == 'task')) and (get('model.parameters') != None) and _order_LtE(get('model.parameters'), 1000000000) and (get('model.card_technique') == None))


def _c17(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and _order_Gt(get('data.labeled_examples'), 1) and (get('task.type') == 'classification') and (get('data.modality') == 'text') and _in('embedding', get('model.zero_shot_tasks')) and get('model.small') and (get('model.modality') == 'text'))


def _c18(facts: Facts) -> Any:
    get = facts.get
    return (get('model.small') and (get('estimates.full.fits') != 'no') and (get('estimates.full.usd') != None) and _order_LtE(get('estimates.full.usd'), 100))


def _c19(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.modality') == 'tabular') and _in(get('task.type'), _list(('classification', 'regression', ))))


def _c20(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.knowledge.required') == True) or ((get('task.knowledge.required') == None) and _in(get('task.type'), _list(('question-answering', 'chat', 'generation', ))) and (_in(get('task.knowledge.source'), _list(('private-documents', 'catalogue', 'recent-data', ))) or (get('task.knowledge.changes') == True))))


def _c21(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.knowledge.required') == None) and (not get('knowledge.needed')) and _in(get('task.type'), _list(('question-answering', 'chat', ))))


def _c22(facts: Facts) -> Any:
    get = facts.get
    return (_order_GtE(get('data.unlabeled_tokens'), 100000000) and (get('domain.match') != 'same') and (get('domain.match') != None) and (get('model.weights') == 'open') and (get('prompting.meets_target') != True))


def _c23(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.known') and (get('budget.gpu_memory_gb') != None) and (get('estimates.lora.fits') == 'no') and (get('estimates.qlora.fits') == 'no') and (get('estimates.full.fits') == 'no'))


def _c24(facts: Facts) -> Any:
    get = facts.get
    return (get('modality.match') == 'no')


def _c25(facts: Facts) -> Any:
    get = facts.get
    return get('modality.frames_only')


def _c26(facts: Facts) -> Any:
    get = facts.get
    return (get('model.sequence_model') and get('data.prose'))


def _c27(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and _order_GtE(get('serving.requests_per_day'), 1000000) and get('model.promptable') and _order_Gt(get('examples.in_prompt'), 0) and _order_GtE(get('data.labeled_examples'), 100) and (get('model.weights') != 'closed') and (not get('knowledge.needed')) and (not (get('model.does_task') and (get('model.zero_shot_first') or ((get('model.in_context_learning') == 'weak') and get('model.instruction_tuned'))))) and (get('plan.technique') != 'zero_shot'))


def _c28(facts: Facts) -> Any:
    get = facts.get
    return (get('prompting.meets_target') == True)


def _c29(facts: Facts) -> Any:
    get = facts.get
    return (get('tabular.prediction') and (get('model.modality') != 'tabular') and _order_Gt(get('data.labeled_examples'), 0))


def _c30(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and _order_Gt(get('data.labeled_examples'), 10000))


def _c31(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and (not get('model.does_task')) and get('task.suggestions'))


def _c32(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and get('model.does_task') and (get('data.labeled_examples') == 0))


def _c33(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and get('model.does_task') and _order_Gt(get('data.labeled_examples'), 0) and (get('prompting.meets_target') == False))


def _c34(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and get('model.does_task'))


def _c35(facts: Facts) -> Any:
    get = facts.get
    return (get('architecture.mismatch') and (get('model.architecture') != 'encoder'))


def _c36(facts: Facts) -> Any:
    get = facts.get
    return get('architecture.mismatch')


def _c37(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.type') == 'embedding') and get('model.generative') and (not get('model.does_task')) and (not get('data.large')) and get('task.suggestions'))


def _c38(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.match') == False) and get('language.suggestions') and ((not get('model.sees_many_languages')) or ((get('task.type') == 'translation') and _order_LtE(_call_len(get('model.languages')), 2))))


def _c39(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.match') == False) and get('language.suggestions') and (get('task.type') == 'translation') and get('data.few'))


def _c40(facts: Facts) -> Any:
    get = facts.get
    return (get('language.unseen') and (get('data.labeled_examples') == 0))


def _c41(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.direction_match') == False) and (not get('model.directions')) and get('language.direction_suggestions'))


def _c42(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.direction_match') == False) and get('language.direction_suggestions'))


def _c43(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.direction_match') == False) and (not get('language.direction_suggestions')) and get('language.cascade_suggestions') and _in('speech-recognition', get('model.zero_shot_tasks')) and (get('language.match') != False))


def _c44(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.tuning_excludes') != None) and (get('prompting.meets_target') == False) and (not get('knowledge.needed')))


def _c45(facts: Facts) -> Any:
    get = facts.get
    return (get('model.tuning_excludes') != None)


def _c46(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'closed') and (get('prompting.meets_target') == False) and (not get('knowledge.needed')))


def _c47(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'closed') and (get('model.in_context_learning') == 'none') and (not get('model.does_task')) and (not get('model.head_fits')))


def _c48(facts: Facts) -> Any:
    get = facts.get
    return (get('model.weights') == 'closed')


def _c49(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.min_examples') != None) and _order_Lt(get('data.labeled_examples'), get('model.tuning.min_examples')) and (get('prompting.meets_target') != True))


def _c50(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and get('model.promptable'))


def _c51(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and get('model.weak_prompting_matters') and (get('model.instruction_tuned') != True) and get('model.instruct_variant') and (get('prompting.meets_target') != True))


def _c52(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and get('model.weak_prompting_matters') and (not (get('model.instruction_tuned') and get('model.does_task'))) and (get('prompting.meets_target') != True))


def _c53(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.weak_prompting_matters') and (get('model.instruction_tuned') != True) and (not get('model.instruct_variant')) and (get('prompting.meets_target') != True) and (not get('model.sequence_model')))


def _c54(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.weak_prompting_matters') and (get('prompting.meets_target') != True))


def _c55(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and get('model.promptable') and (get('model.instruction_tuned') == False) and (not get('model.instruct_variant')) and (not get('model.does_task')))


def _c56(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.head_fits') and (not get('task.states_other_labels')) and (get('prompting.meets_target') != False))


def _c57(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (get('model.promptable') or get('model.does_task')) and (get('prompting.meets_target') != False))


def _c58(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (get('model.promptable') or get('model.does_task')) and (get('prompting.meets_target') == False))


def _c59(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.does_task') and (not get('model.promptable')) and (get('prompting.meets_target') != False))


def _c60(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.promptable') and (get('prompting.meets_target') != False) and _in(get('model.in_context_learning'), _list(('weak', 'none', ))) and get('model.instruction_tuned') and get('model.does_task'))


def _c61(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.promptable') and (get('prompting.meets_target') != False))


def _c62(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.promptable') and (get('prompting.meets_target') == False) and (get('model.tuning.recommended_examples') != None) and _order_GtE(get('data.labeled_examples'), get('model.tuning.recommended_examples')))


def _c63(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.promptable') and (get('prompting.meets_target') == False))


def _c64(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (not get('model.promptable')) and (get('model.checkpoint') == 'task') and get('model.zero_shot_tasks') and _not_in(get('task.type'), get('model.zero_shot_tasks')))


def _c65(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (not get('model.promptable')))


def _c66(facts: Facts) -> Any:
    get = facts.get
    return get('embedder.few_shot')


def _c67(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and (not get('model.promptable')))


def _c68(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.complexity') == 'low') and get('model.promptable') and (get('prompting.meets_target') != False) and _order_Lt(get('data.labeled_examples'), 1000))


def _c69(facts: Facts) -> Any:
    get = facts.get
    return (get('fine_tuning.fits_nowhere') and (get('model.weights') == 'open') and _order_GtE(get('estimates.qlora.sequence_percent'), 50))


def _c70(facts: Facts) -> Any:
    get = facts.get
    return (get('fine_tuning.fits_nowhere') and (get('model.weights') == 'open'))


def _c71(facts: Facts) -> Any:
    get = facts.get
    return (get('model.quantized') and (get('full.cheap') or get('full.warranted')))


def _c72(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and (not get('constraints.preserve_general_capabilities')) and (get('model.modality') == 'multimodal') and _order_Gt(_call_len(get('model.zero_shot_tasks')), 0) and _in(get('task.type'), _list(('image-classification', 'classification', ))))


def _c73(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and (not get('constraints.preserve_general_capabilities')))


def _c74(facts: Facts) -> Any:
    get = facts.get
    return (get('data.large') and get('constraints.preserve_general_capabilities'))


def _c75(facts: Facts) -> Any:
    get = facts.get
    return (get('full.warranted') and (get('estimates.full.fits') != 'no') and (not get('full.beyond_one_server')))


def _c76(facts: Facts) -> Any:
    get = facts.get
    return (get('model.weights') == 'hosted')


def _c77(facts: Facts) -> Any:
    get = facts.get
    return True


def _c78(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and (get('model.promptable') or (get('model.does_task') and (get('task.type') == 'question-answering'))))


def _c79(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and (get('plan.technique') == 'zero_shot'))


def _c80(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and (get('plan.technique') == 'few_shot') and get('model.promptable'))


def _c81(facts: Facts) -> Any:
    get = facts.get
    return ((get('examples.fit_in_context') == 0) and _order_Gt(get('data.labeled_examples'), 0) and get('model.promptable'))


def _c82(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) or (not get('model.promptable')))


def _c83(facts: Facts) -> Any:
    get = facts.get
    return (_in(get('data.modality'), _list(('image', 'video', ))) and (get('model.images_per_prompt') == 1) and _order_Gt(get('data.labeled_examples'), 0) and get('model.promptable'))


def _c84(facts: Facts) -> Any:
    get = facts.get
    return (_in(get('model.in_context_learning'), _list(('weak', 'none', ))) and get('model.instruction_tuned') and get('model.does_task'))


def _c85(facts: Facts) -> Any:
    get = facts.get
    return (get('model.zero_shot_first') and get('model.does_task') and (get('prompting.meets_target') != False))


def _c86(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and get('model.weights_published'))


def _c87(facts: Facts) -> Any:
    get = facts.get
    return (get('model.card_technique') == 'adapters')


def _c88(facts: Facts) -> Any:
    get = facts.get
    return ((get('training.cpu_offload') == True) and (get('budget.cpu_memory_gb') != None) and _order_Gt(get('estimates.lora.host_memory_gb'), get('budget.cpu_memory_gb')) and _order_LtE(get('estimates.qlora.host_memory_gb'), get('budget.cpu_memory_gb')) and (get('estimates.qlora.fits') != 'no'))


def _c89(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.lora.fits') == 'no') and (get('estimates.qlora.fits') == 'tight'))


def _c90(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.lora.fits') == 'no') and (get('estimates.qlora.fits') != 'no'))


def _c91(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.lora.fits') == 'tight') and (get('estimates.qlora.fits') == 'yes') and _order_GtE(get('model.parameters'), 1000000000))


def _c92(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.lora.fits') == 'tight') and (get('estimates.qlora.fits') == 'tight') and _order_GtE(get('model.parameters'), 1000000000) and _order_LtE(get('estimates.qlora.memory_gb'), _arith_Mult(get('estimates.lora.memory_gb'), 0.85)))


def _c93(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.level') == 'low') and (get('estimates.lora.fits') == 'yes') and (get('estimates.lora.usd') != None) and (get('estimates.qlora.usd') != None) and _order_LtE(get('estimates.lora.usd'), get('estimates.qlora.usd')) and (get('training.cpu_offload') != True) and (get('plan.technique') != 'qlora'))


def _c94(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.level') == 'low') and ((get('model.parameters') == None) or _order_GtE(get('model.parameters'), 1000000000)) and ((get('estimates.lora.memory_gb') == None) or _order_Gt(get('estimates.lora.memory_gb'), 16) or (get('training.cpu_offload') == True) or (get('plan.technique') == 'qlora')))


def _c95(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.full.usd') != None) and (not get('full.cheap')) and (get('estimates.stated.full.memory_gb') != None))


def _c96(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.full.usd') != None) and (not get('full.cheap')))


def _c97(facts: Facts) -> Any:
    get = facts.get
    return get('modality.suggestions')


def _c98(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') == 'partial') and (not get('modality.frames_only')))


def _c99(facts: Facts) -> Any:
    get = facts.get
    return (get('model.multi_image') and (get('task.temporal_term') != None))


def _c100(facts: Facts) -> Any:
    get = facts.get
    return (get('language.match') == False)


def _c101(facts: Facts) -> Any:
    get = facts.get
    return get('model.sees_many_languages')


def _c102(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.sees_many_languages'))


def _c103(facts: Facts) -> Any:
    get = facts.get
    return get('language.suggestions')


def _c104(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.weak') != None) and (get('task.type') == 'speech-recognition'))


def _c105(facts: Facts) -> Any:
    get = facts.get
    return (get('language.direction_match') == False)


def _c106(facts: Facts) -> Any:
    get = facts.get
    return get('model.directions')


def _c107(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.directions'))


def _c108(facts: Facts) -> Any:
    get = facts.get
    return get('language.direction_suggestions')


def _c109(facts: Facts) -> Any:
    get = facts.get
    return get('language.cascade_suggestions')


def _c110(facts: Facts) -> Any:
    get = facts.get
    return get('language.unlisted')


def _c111(facts: Facts) -> Any:
    get = facts.get
    return get('language.unrecognised')


def _c112(facts: Facts) -> Any:
    get = facts.get
    return ((get('domain.match') == 'distant') and ((not get('model.broad_pretraining')) or (get('data.sequences') != None)) and (get('data.modality') != 'tabular'))


def _c113(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.domains_known'))


def _c114(facts: Facts) -> Any:
    get = facts.get
    return get('domain.suggestions')


def _c115(facts: Facts) -> Any:
    get = facts.get
    return ((get('domain.match') == 'distant') and get('model.broad_pretraining') and (get('data.sequences') == None) and (get('data.modality') != 'tabular'))


def _c116(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (get('plan.strategy') != 'in_context') and get('model.promptable') and (not get('model.weak_prompting_matters')) and (not get('prompting.tried')) and (get('modality.match') != 'no') and (get('task.type') != 'embedding'))


def _c117(facts: Facts) -> Any:
    get = facts.get
    return ((get('examples.fit_in_context') == 0) and _order_Gt(get('data.labeled_examples'), 0))


def _c118(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (get('model.does_task') or (get('model.head_fits') and (not get('task.states_other_labels')))) and (not get('model.promptable')) and (not get('prompting.tried')) and (get('modality.match') != 'no'))


def _c119(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'zero_shot') and (get('model.does_task') or get('model.head_fits')) and (not get('prompting.tried')) and (get('prompting.meets_target') == None))


def _c120(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and get('model.promptable') and (get('model.instruction_tuned') == False) and (not get('model.does_task')) and (not get('continued_pretraining.useful')) and _not_in(get('task.type'), _list(('embedding', 'ranking', ))) and _order_Lt(get('data.labeled_examples'), 200000) and (get('model.instruct_variant') or (get('model.checkpoint') == 'base') or ((not get('model.in_catalog')) and (get('model.checkpoint') == None))))


def _c121(facts: Facts) -> Any:
    get = facts.get
    return get('model.instruct_variant')


def _c122(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.instruct_variant'))


def _c123(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.strategy') == 'in_context') or get('model.weak_in_context')) and ((get('data.labeled_examples') == 0) or ((get('task.type') == 'chat') and (get('recommendation.strategy') == 'in_context'))) and (not get('plan.fine_tuning')) and get('model.promptable') and (get('prompting.meets_target') != True) and (get('model.instruction_tuned') == False) and get('model.instruct_variant') and (not get('model.does_task')) and _not_in(get('task.type'), _list(('embedding', 'ranking', ))) and (not (get('continued_pretraining.useful') and (get('task.type') != 'chat'))))


def _c124(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') != 'change_base_model') and ((get('recommendation.strategy') == 'full_fine_tune') or (get('plan.strategy') == 'full_fine_tune')) and ((not get('model.small')) or get('constraints.preserve_general_capabilities') or ((get('model.modality') == 'multimodal') and _order_Gt(_call_len(get('model.zero_shot_tasks')), 0))) and ((get('task.type') != 'embedding') or get('constraints.preserve_general_capabilities')) and (get('model.weights') == 'open') and (get('constraints.preserve_general_capabilities') != False))


def _c125(facts: Facts) -> Any:
    get = facts.get
    return get('constraints.preserve_general_capabilities')


def _c126(facts: Facts) -> Any:
    get = facts.get
    return (get('model.small') and (get('model.modality') == 'multimodal') and _order_Gt(_call_len(get('model.zero_shot_tasks')), 0))


def _c127(facts: Facts) -> Any:
    get = facts.get
    return (get('model.instruction_tuned') and (get('model.architecture') == 'decoder'))


def _c128(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and get('constraints.preserve_general_capabilities') and (get('model.tuning.adapter') == None) and (get('recommendation.strategy') != 'change_base_model') and ((get('recommendation.technique') == 'hosted_tuning') or (get('plan.technique') == 'hosted_tuning') or (get('plan.fine_tuning') and (get('recommendation.technique') == 'hosted_tuning'))))


def _c129(facts: Facts) -> Any:
    get = facts.get
    return (get('model.class_agnostic') and get('task.states_classes') and (get('task.type') == 'segmentation') and (get('modality.match') != 'no'))


def _c130(facts: Facts) -> Any:
    get = facts.get
    return get('task.suggestions')


def _c131(facts: Facts) -> Any:
    get = facts.get
    return ((not get('model.promptable')) and (get('modality.match') != 'no') and (not get('model.does_task')) and (not get('model.head_fits')) and (get('data.few') or (get('plan.strategy') == 'in_context')))


def _c132(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.checkpoint') == 'task') and (not get('model.in_catalog')) and (get('data.labeled_examples') == 0) and _in(get('task.type'), _list(('classification', 'image-classification', 'object-detection', 'segmentation', 'extraction', 'other', ))) and (get('language.match') != False) and (not get('architecture.mismatch')))


def _c133(facts: Facts) -> Any:
    get = facts.get
    return (get('plan.strategy') == 'in_context')


def _c134(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.technique') == 'few_shot') or ((get('plan.technique') == 'few_shot') and get('model.promptable'))) and (get('examples.fit_in_context') != None) and _order_Gt(get('examples.fit_in_context'), 0) and _order_Gt(get('data.labeled_examples'), get('examples.fit_in_context')) and (get('prompting.meets_target') != True))


def _c135(facts: Facts) -> Any:
    get = facts.get
    return get('model.window_assumed')


def _c136(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.strategy') == 'in_context') or (get('plan.technique') == 'few_shot')) and (get('examples.fit_in_context') == 0) and _order_Gt(get('data.labeled_examples'), 0) and get('model.promptable') and (not get('knowledge.needed')) and (get('prompting.meets_target') != True))


def _c137(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and get('data.few') and (not get('embedder.few_shot')) and (not ((get('model.tuning.recommended_examples') != None) and _order_GtE(get('data.labeled_examples'), get('model.tuning.recommended_examples')))))


def _c138(facts: Facts) -> Any:
    get = facts.get
    return ((not get('model.in_catalog')) and ((get('model.assumed') != '') or (get('model.instruction_tuned') == None) or (get('model.parameters') == None)))


def _c139(facts: Facts) -> Any:
    get = facts.get
    return get('model.did_you_mean')


def _c140(facts: Facts) -> Any:
    get = facts.get
    return (get('model.assumed') != '')


def _c141(facts: Facts) -> Any:
    get = facts.get
    return (get('model.instruction_tuned') == None)


def _c142(facts: Facts) -> Any:
    get = facts.get
    return (get('model.parameters') == None)


def _c143(facts: Facts) -> Any:
    get = facts.get
    return (get('architecture.mismatch') and (get('model.architecture') == 'encoder'))


def _c144(facts: Facts) -> Any:
    get = facts.get
    return (get('model.weak_prompting_matters') and (get('prompting.meets_target') != True) and (not ((get('model.weights') == 'closed') and (get('model.in_context_learning') == 'none'))) and (get('data.few') or (get('plan.technique') == 'few_shot') or (get('recommendation.technique') == 'few_shot') or ((get('recommendation.strategy') == 'in_context') and (get('examples.fit_in_context') == 0) and _order_Gt(get('data.labeled_examples'), 0))))


def _c145(facts: Facts) -> Any:
    get = facts.get
    return (get('budget.gpu_unlisted') != None)


def _c146(facts: Facts) -> Any:
    get = facts.get
    return (get('model.tuning.service') != None)


def _c147(facts: Facts) -> Any:
    get = facts.get
    return (get('model.tuning.service') == None)


def _c148(facts: Facts) -> Any:
    get = facts.get
    return (get('model.tuning.min_examples') != None)


def _c149(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.tuning.min_examples') != None) and _order_Lt(get('data.labeled_examples'), get('model.tuning.min_examples')))


def _c150(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.technique') == 'hosted_tuning') or (get('plan.technique') == 'hosted_tuning')) and (get('model.tuning.jobs_until') != None))


def _c151(facts: Facts) -> Any:
    get = facts.get
    return (get('model.tuning.idle_since') != None)


def _c152(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') != 'open') and (not ((get('model.weights') == 'hosted') and get('model.weights_published'))))


def _c153(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.service') != None))


def _c154(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.service') == None))


def _c155(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.min_examples') != None))


def _c156(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.recommended_examples') != None))


def _c157(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'closed') and (get('model.tuning_excludes') == None))


def _c158(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'hosted') and (get('model.tuning.min_examples') != None) and _order_Lt(get('data.labeled_examples'), get('model.tuning.min_examples')))


def _c159(facts: Facts) -> Any:
    get = facts.get
    return ((get('hosted.tuning_usd') != None) and (get('budget.usd') == None) and ((get('recommendation.technique') == 'hosted_tuning') or get('plan.fine_tuning')))


def _c160(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and get('model.generative'))


def _c161(facts: Facts) -> Any:
    get = facts.get
    return get('task.knowledge.changes')


def _c162(facts: Facts) -> Any:
    get = facts.get
    return (get('task.knowledge.required') == None)


def _c163(facts: Facts) -> Any:
    get = facts.get
    return get('plan.fine_tuning')


def _c164(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and (not get('model.generative')) and ((get('model.role') == 'embedder') or (get('model.role') == 'reranker') or (get('task.type') == 'embedding') or (get('task.type') == 'ranking') or _in('embedding', get('model.zero_shot_tasks'))))


def _c165(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and (not get('model.generative')) and (get('model.role') != 'embedder') and (get('model.role') != 'reranker') and (get('task.type') != 'embedding') and (get('task.type') != 'ranking') and _not_in('embedding', get('model.zero_shot_tasks')) and _in(get('model.modality'), _list(('text', 'code', 'multimodal', ))))


def _c166(facts: Facts) -> Any:
    get = facts.get
    return get('knowledge.unknown')


def _c167(facts: Facts) -> Any:
    get = facts.get
    return (get('input.overflow') and (get('data.modality') != 'time-series') and (get('data.max_tokens_per_example') != None))


def _c168(facts: Facts) -> Any:
    get = facts.get
    return get('input.average_overflows')


def _c169(facts: Facts) -> Any:
    get = facts.get
    return get('input.suggestions')


def _c170(facts: Facts) -> Any:
    get = facts.get
    return (not get('input.suggestions'))


def _c171(facts: Facts) -> Any:
    get = facts.get
    return (get('input.overflow') and (get('data.modality') == 'time-series') and (get('data.max_tokens_per_example') != None))


def _c172(facts: Facts) -> Any:
    get = facts.get
    return (get('input.overflow') and (get('data.modality') != 'time-series') and (get('data.max_tokens_per_example') == None))


def _c173(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (get('data.modality') == 'audio') and (get('model.input_seconds') != None) and (get('model.context_window') != None) and (get('input.longest_tokens') != None) and _order_Gt(get('input.longest_tokens'), get('model.context_window')))


def _c174(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.fine_tuning') and (get('training.sequence_length') != None) and (get('model.context_window') != None) and _order_Gt(get('training.sequence_length'), get('model.context_window')) and ((get('data.max_tokens_per_example') == None) or _order_Gt(get('data.max_tokens_per_example'), get('model.context_window'))))


def _c175(facts: Facts) -> Any:
    get = facts.get
    return (get('input.overflow') and (get('data.modality') == 'time-series') and (get('data.max_tokens_per_example') == None))


def _c176(facts: Facts) -> Any:
    get = facts.get
    return ((get('tabular.prediction') and (get('model.modality') != 'tabular') and _order_Gt(get('data.labeled_examples'), 0)) or ((get('model.modality') == 'tabular') and _order_Gt(get('data.labeled_examples'), 10000)))


def _c177(facts: Facts) -> Any:
    get = facts.get
    return (_order_LtE(get('data.labeled_examples'), 10000) and get('task.suggestions'))


def _c178(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.modality') == 'time-series') and (get('model.modality') != 'time-series'))


def _c179(facts: Facts) -> Any:
    get = facts.get
    return get('continued_pretraining.useful')


def _c180(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.continued_pretraining.gpu_hours') != None)


def _c181(facts: Facts) -> Any:
    get = facts.get
    return (get('model.instruction_tuned') and get('model.base_variant'))


def _c182(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labels_from') == 'teacher') and (not ((get('data.teacher_parameters') != None) and (get('model.parameters') != None) and _order_GtE(get('model.parameters'), get('data.teacher_parameters')))))


def _c183(facts: Facts) -> Any:
    get = facts.get
    return get('data.teacher_model')


def _c184(facts: Facts) -> Any:
    get = facts.get
    return ((get('distillation.break_even_days') != None) and _order_Lt(get('distillation.break_even_days'), 1))


def _c185(facts: Facts) -> Any:
    get = facts.get
    return ((get('distillation.break_even_days') != None) and _order_GtE(get('distillation.break_even_days'), 1))


def _c186(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'change_base_model') and (get('plan.strategy') != None) and (not get('fine_tuning.fits_nowhere')) and (not ((get('model.modality') == 'tabular') and get('model.does_task') and _order_LtE(get('data.labeled_examples'), 10000))))


def _c187(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and get('model.does_task') and (get('data.labeled_examples') == 0) and (get('plan.strategy') != None))


def _c188(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.modality') == 'tabular') and get('model.does_task') and _order_Gt(get('data.labeled_examples'), 0) and (get('prompting.meets_target') == False) and (get('plan.strategy') == 'in_context'))


def _c189(facts: Facts) -> Any:
    get = facts.get
    return get('plan.not_offered')


def _c190(facts: Facts) -> Any:
    get = facts.get
    return (get('plan.technique') != None)


def _c191(facts: Facts) -> Any:
    get = facts.get
    return ((get('plan.strategy') == 'full_fine_tune') and get('model.quantized'))


def _c192(facts: Facts) -> Any:
    get = facts.get
    return _order_GtE(get('recommendation.plan_gap'), 2)


def _c193(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.plan_gap') == 1)


def _c194(facts: Facts) -> Any:
    get = facts.get
    return (_order_Lt(get('recommendation.plan_gap'), 0) and (not (get('full.cheap') and (get('plan.strategy') == 'peft') and (get('recommendation.strategy') == 'full_fine_tune'))))


def _c195(facts: Facts) -> Any:
    get = facts.get
    return (get('prompting.meets_target') != True)


def _c196(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.plan_gap') == 0) and (get('plan.technique') != None) and (get('recommendation.technique') != None) and (get('plan.technique') != get('recommendation.technique')) and (not get('plan.not_offered')))


def _c197(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.fits') == 'tight') and _order_Gt(get('estimates.plan.memory_gb'), get('budget.gpu_memory_gb')))


def _c198(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.fits') == 'tight') and _order_LtE(get('estimates.plan.memory_gb'), get('budget.gpu_memory_gb')))


def _c199(facts: Facts) -> Any:
    get = facts.get
    return ((get('plan.strategy') == None) and (get('recommendation.strategy') != 'change_base_model'))


def _c200(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.fits') == 'no') or (get('estimates.longest.plan.fits') == 'no'))


def _c201(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.plan.fits') != 'no')


def _c202(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.fits') == 'no') and (get('estimates.plan.sharded_fits') != 'no'))


def _c203(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.fitting') and (get('estimates.plan.sharded_fits') == 'no'))


def _c204(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.fits') != 'no') and (((get('recommendation.technique') == 'full') and (get('estimates.stated.full.fits') == 'no')) or ((get('recommendation.technique') == 'lora') and (get('estimates.stated.lora.fits') == 'no')) or ((get('recommendation.technique') == 'qlora') and (get('estimates.stated.qlora.fits') == 'no'))))


def _c205(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.technique') == 'full')


def _c206(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.technique') == 'lora')


def _c207(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.technique') == 'qlora')


def _c208(facts: Facts) -> Any:
    get = facts.get
    return ((get('training.cpu_offload') == True) and (get('budget.cpu_memory_gb') != None) and (((get('estimates.plan.host_memory_gb') != None) and _order_Gt(get('estimates.plan.host_memory_gb'), get('budget.cpu_memory_gb'))) or ((get('recommendation.technique') == 'full') and _order_Gt(get('estimates.full.host_memory_gb'), get('budget.cpu_memory_gb'))) or (_in(get('recommendation.technique'), _list(('lora', 'adapters', ))) and _order_Gt(get('estimates.lora.host_memory_gb'), get('budget.cpu_memory_gb'))) or ((get('recommendation.technique') == 'qlora') and _order_Gt(get('estimates.qlora.host_memory_gb'), get('budget.cpu_memory_gb')))))


def _c209(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.plan.host_memory_gb') != None)


def _c210(facts: Facts) -> Any:
    get = facts.get
    return _in(get('recommendation.technique'), _list(('lora', 'adapters', )))


def _c211(facts: Facts) -> Any:
    get = facts.get
    return ((get('training.cpu_offload') == True) and (get('budget.cpu_memory_gb') == None) and ((get('estimates.plan.host_memory_gb') != None) or ((not get('plan.fine_tuning')) and (((get('recommendation.technique') == 'full') and (get('estimates.full.host_memory_gb') != None)) or (_in(get('recommendation.technique'), _list(('lora', 'adapters', ))) and (get('estimates.lora.host_memory_gb') != None)) or ((get('recommendation.technique') == 'qlora') and (get('estimates.qlora.host_memory_gb') != None))))))


def _c212(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.host_memory_gb') == None) and (get('recommendation.technique') == 'full'))


def _c213(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.host_memory_gb') == None) and _in(get('recommendation.technique'), _list(('lora', 'adapters', ))))


def _c214(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.plan.host_memory_gb') == None) and (get('recommendation.technique') == 'qlora'))


def _c215(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (get('training.precision') == 'fp16-mixed') and get('model.fp16_unstable') and (get('model.weights') == 'open'))


def _c216(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_others_smaller_gb') != None) and (((get('recommendation.technique') == 'full') and _order_Gt(get('estimates.full.memory_gb'), get('budget.gpu_others_smaller_gb'))) or (_in(get('recommendation.technique'), _list(('lora', 'adapters', ))) and _order_Gt(get('estimates.lora.memory_gb'), get('budget.gpu_others_smaller_gb'))) or ((get('recommendation.technique') == 'qlora') and _order_Gt(get('estimates.qlora.memory_gb'), get('budget.gpu_others_smaller_gb')))))


def _c217(facts: Facts) -> Any:
    get = facts.get
    return (get('budget.gpu_others') and (get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (not ((get('budget.gpu_others_smaller_gb') != None) and (((get('recommendation.technique') == 'full') and _order_Gt(get('estimates.full.memory_gb'), get('budget.gpu_others_smaller_gb'))) or (_in(get('recommendation.technique'), _list(('lora', 'adapters', ))) and _order_Gt(get('estimates.lora.memory_gb'), get('budget.gpu_others_smaller_gb'))) or ((get('recommendation.technique') == 'qlora') and _order_Gt(get('estimates.qlora.memory_gb'), get('budget.gpu_others_smaller_gb')))))))


def _c218(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.fine_tuning') or get('plan.fine_tuning')) and (get('budget.gpu_bf16') == False) and ((get('training.precision') == 'bf16-mixed') or (get('training.precision') == 'bf16-true')) and (get('model.weights') == 'open'))


def _c219(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.fp16_unstable'))


def _c220(facts: Facts) -> Any:
    get = facts.get
    return get('model.fp16_unstable')


def _c221(facts: Facts) -> Any:
    get = facts.get
    return ((get('training.micro_batch_size') != None) and _order_Gt(get('training.micro_batch_size'), 1) and _in(get('data.modality'), _list(('text', 'code', ))) and (((get('recommendation.technique') == 'lora') and (get('estimates.lora.fits') == 'tight') and _order_Gt(get('estimates.lora.memory_gb'), _arith_Mult(get('budget.gpu_memory_gb'), 1.5))) or ((get('recommendation.technique') == 'qlora') and (get('estimates.qlora.fits') == 'tight') and _order_Gt(get('estimates.qlora.memory_gb'), _arith_Mult(get('budget.gpu_memory_gb'), 1.5))) or ((get('recommendation.technique') == 'full') and (get('estimates.full.fits') == 'tight') and _order_Gt(get('estimates.full.memory_gb'), _arith_Mult(get('budget.gpu_memory_gb'), 1.5)))))


def _c222(facts: Facts) -> Any:
    get = facts.get
    return ((get('estimates.longest.plan.fits') != 'no') and (((get('recommendation.technique') == 'lora') and (get('estimates.longest.lora.fits') != 'yes') and _order_Gt(get('estimates.longest.lora.memory_gb'), get('budget.gpu_memory_gb'))) or ((get('recommendation.technique') == 'qlora') and (get('estimates.longest.qlora.fits') != 'yes') and _order_Gt(get('estimates.longest.qlora.memory_gb'), get('budget.gpu_memory_gb'))) or ((get('recommendation.technique') == 'full') and (get('estimates.longest.full.fits') != 'yes') and _order_Gt(get('estimates.longest.full.memory_gb'), get('budget.gpu_memory_gb')))))


def _c223(facts: Facts) -> Any:
    get = facts.get
    return (get('full.warranted') and (get('estimates.full.fits') == 'no') and (get('plan.strategy') != 'full_fine_tune'))


def _c224(facts: Facts) -> Any:
    get = facts.get
    return get('estimates.fitting')


def _c225(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.strategy') == 'peft') or (get('fine_tuning.fits_nowhere') and (get('recommendation.strategy') == 'change_base_model'))) and (get('estimates.lora.fits') == 'no') and (get('estimates.qlora.fits') == 'no'))


def _c226(facts: Facts) -> Any:
    get = facts.get
    return _order_GtE(get('estimates.qlora.sequence_percent'), 50)


def _c227(facts: Facts) -> Any:
    get = facts.get
    return get('feasibility.suggestions')


def _c228(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.qlora.gpus_needed') != None)


def _c229(facts: Facts) -> Any:
    get = facts.get
    return (not _order_GtE(get('estimates.qlora.sequence_percent'), 50))


def _c230(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'lora') and (((get('budget.usd') != None) and (get('estimates.lora.usd') != None) and _order_Gt(get('estimates.lora.usd'), get('budget.usd'))) or ((get('budget.gpu_hours') != None) and (get('estimates.lora.gpu_hours') != None) and _order_Gt(get('estimates.lora.gpu_hours'), get('budget.gpu_hours')))))


def _c231(facts: Facts) -> Any:
    get = facts.get
    return (get('budget.usd') != None)


def _c232(facts: Facts) -> Any:
    get = facts.get
    return (get('budget.gpu_hours') != None)


def _c233(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'qlora') and (((get('budget.usd') != None) and (get('estimates.qlora.usd') != None) and _order_Gt(get('estimates.qlora.usd'), get('budget.usd'))) or ((get('budget.gpu_hours') != None) and (get('estimates.qlora.gpu_hours') != None) and _order_Gt(get('estimates.qlora.gpu_hours'), get('budget.gpu_hours')))))


def _c234(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'full') and (((get('budget.usd') != None) and (get('estimates.full.usd') != None) and _order_Gt(get('estimates.full.usd'), get('budget.usd'))) or ((get('budget.gpu_hours') != None) and (get('estimates.full.gpu_hours') != None) and _order_Gt(get('estimates.full.gpu_hours'), get('budget.gpu_hours')))))


def _c235(facts: Facts) -> Any:
    get = facts.get
    return (((get('recommendation.technique') == 'hosted_tuning') or (get('plan.fine_tuning') and (get('model.weights') == 'hosted'))) and (get('budget.usd') != None) and (get('hosted.tuning_usd') != None) and _order_Gt(get('hosted.tuning_usd'), get('budget.usd')))


def _c236(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'in_context') and (get('estimates.in_context.fits') == 'no'))


def _c237(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.type') == 'embedding') and get('model.generative') and (not get('model.does_task')))


def _c238(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'change_base_model') and (get('language.match') == False) and get('language.suggestions'))


def _c239(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'change_base_model') and (get('language.direction_match') == False) and get('language.direction_suggestions') and get('model.directions'))


def _c240(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'change_base_model') and (get('language.direction_match') == False) and get('language.direction_suggestions'))


def _c241(facts: Facts) -> Any:
    get = facts.get
    return (get('tabular.prediction') and (get('model.modality') != 'tabular'))


def _c242(facts: Facts) -> Any:
    get = facts.get
    return get('model.weak_prompting_matters')


def _c243(facts: Facts) -> Any:
    get = facts.get
    return ((not get('model.promptable')) and (not get('model.does_task')))


def _c244(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and get('recommendation.fine_tuning'))


def _c245(facts: Facts) -> Any:
    get = facts.get
    return (get('prompting.meets_target') == False)


def _c246(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (get('model.instruction_tuned') == False) and (not get('model.instruct_variant')) and (not get('model.does_task')))


def _c247(facts: Facts) -> Any:
    get = facts.get
    return (get('model.does_task') and (not get('model.promptable')) and _order_Gt(get('data.labeled_examples'), 0))


def _c248(facts: Facts) -> Any:
    get = facts.get
    return _order_GtE(get('data.labeled_examples'), 100)


def _c249(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.match') == False) and get('language.suggestions'))


def _c250(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and get('knowledge.needed') and _order_Gt(get('examples.in_prompt'), 0) and _order_GtE(get('serving.requests_per_day'), 1000000) and _order_GtE(get('data.labeled_examples'), 100) and (get('model.weights') != 'closed'))


def _c251(facts: Facts) -> Any:
    get = facts.get
    return get('knowledge.needed')


def _c252(facts: Facts) -> Any:
    get = facts.get
    return get('fine_tuning.fits_nowhere')


def _c253(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.strategy') == 'full_fine_tune') and get('full.cheap'))


def _c254(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.strategy') == 'full_fine_tune')


def _c255(facts: Facts) -> Any:
    get = facts.get
    return (get('data.labeled_examples') == 0)


def _c256(facts: Facts) -> Any:
    get = facts.get
    return (get('model.does_task') and (get('prompting.meets_target') != False))


def _c257(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.type') == 'embedding') and get('model.generative') and (not get('model.does_task')) and (not get('data.large')))


def _c258(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and get('model.head_fits'))


def _c259(facts: Facts) -> Any:
    get = facts.get
    return get('data.few')


def _c260(facts: Facts) -> Any:
    get = facts.get
    return (get('model.weights') != 'open')


def _c261(facts: Facts) -> Any:
    get = facts.get
    return (_order_Lt(get('data.labeled_examples'), 10000) and (not get('full.cheap')))


def _c262(facts: Facts) -> Any:
    get = facts.get
    return (get('estimates.full.fits') == 'no')


def _c263(facts: Facts) -> Any:
    get = facts.get
    return (get('full.beyond_one_server') and get('full.warranted') and (get('budget.gpus') == 1))


def _c264(facts: Facts) -> Any:
    get = facts.get
    return (get('full.beyond_one_server') and get('full.warranted'))


def _c265(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and get('data.few') and (not get('recommendation.fine_tuning')))


def _c266(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and get('data.few') and get('recommendation.fine_tuning'))


def _c267(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and (get('task.complexity') == 'low') and get('recommendation.fine_tuning'))


def _c268(facts: Facts) -> Any:
    get = facts.get
    return (get('full.cheap') and get('recommendation.fine_tuning'))


def _c269(facts: Facts) -> Any:
    get = facts.get
    return ((not get('budget.significant')) and get('budget.covers_full') and (get('budget.level') == 'low'))


def _c270(facts: Facts) -> Any:
    get = facts.get
    return ((not get('budget.significant')) and (get('estimates.full.usd') != None) and (get('budget.level') == 'low') and (get('budget.usd') == None) and (get('budget.gpu_hours') == None))


def _c271(facts: Facts) -> Any:
    get = facts.get
    return ((not get('budget.significant')) and (get('estimates.full.usd') != None) and ((get('budget.usd') != None) or (get('budget.gpu_hours') != None) or (get('budget.level') != None)))


def _c272(facts: Facts) -> Any:
    get = facts.get
    return ((not get('budget.significant')) and (get('estimates.full.usd') != None))


def _c273(facts: Facts) -> Any:
    get = facts.get
    return (not get('budget.significant'))


def _c274(facts: Facts) -> Any:
    get = facts.get
    return (get('task.complexity') == 'low')


def _c275(facts: Facts) -> Any:
    get = facts.get
    return ((get('language.direction_match') == False) and get('language.cascade_suggestions'))


def _c276(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') == 'no') and (not get('modality.suggestions')))


def _c277(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('tabular.prediction') and (get('data.labeled_examples') == 0) and (get('model.modality') == 'tabular'))


def _c278(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('tabular.prediction') and _order_Gt(get('data.labeled_examples'), 0))


def _c279(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('tabular.prediction') and get('task.suggestions') and _chain(0, _order_Lt, lambda: get('data.labeled_examples'), _order_LtE, lambda: 10000))


def _c280(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('architecture.mismatch') and get('task.suggestions'))


def _c281(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('architecture.mismatch') and (not get('task.suggestions')))


def _c282(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and (get('language.match') == False) and get('language.suggestions'))


def _c283(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and (get('language.direction_match') == False) and get('language.direction_suggestions'))


def _c284(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('fine_tuning.fits_nowhere') and _order_GtE(get('estimates.qlora.sequence_percent'), 50))


def _c285(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('fine_tuning.fits_nowhere') and get('feasibility.suggestions'))


def _c286(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('fine_tuning.fits_nowhere') and (get('estimates.qlora.gpus_needed') != None))


def _c287(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and get('model.weak_prompting_matters') and (not get('tabular.prediction')) and (not get('architecture.mismatch')) and (not (get('model.sequence_model') and get('data.prose'))))


def _c288(facts: Facts) -> Any:
    get = facts.get
    return ((get('task.type') == 'embedding') and get('model.generative') and (not get('model.does_task')) and get('task.suggestions') and _order_Gt(get('data.labeled_examples'), 0))


def _c289(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.weights') == 'closed') and (get('prompting.meets_target') == False))


def _c290(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and _in(get('task.type'), get('model.trained_for')) and (get('model.label_set') != None))


def _c291(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and (get('data.labeled_examples') == 0) and (not get('tabular.prediction')) and (not get('architecture.mismatch')) and (not get('model.weak_prompting_matters')) and (not ((get('language.match') == False) and get('language.suggestions'))) and (not ((get('language.direction_match') == False) and get('language.direction_suggestions'))) and get('task.suggestions'))


def _c292(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and (get('data.labeled_examples') == 0) and (not get('tabular.prediction')) and (not get('architecture.mismatch')) and (not get('model.weak_prompting_matters')) and (not ((get('language.match') == False) and get('language.suggestions'))) and (not ((get('language.direction_match') == False) and get('language.direction_suggestions'))) and (not get('task.suggestions')) and (get('task.type') != 'other') and (not get('language.cascade_suggestions')))


def _c293(facts: Facts) -> Any:
    get = facts.get
    return ((get('modality.match') != 'no') and (not get('modality.frames_only')) and (get('data.labeled_examples') == 0) and (not get('tabular.prediction')) and (not get('architecture.mismatch')) and (not get('model.weak_prompting_matters')) and (not ((get('language.match') == False) and get('language.suggestions'))) and (not ((get('language.direction_match') == False) and get('language.direction_suggestions'))) and (not get('task.suggestions')) and (get('task.type') == 'other'))


def _c294(facts: Facts) -> Any:
    get = facts.get
    return (get('tabular.prediction') and (get('model.modality') != 'tabular') and (get('data.labeled_examples') == 0))


def _c295(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.instruction_tuned') == False) and get('model.instruct_variant') and get('model.promptable') and (not get('model.does_task')) and _not_in(get('task.type'), _list(('embedding', 'ranking', ))) and (get('prompting.meets_target') != True))


def _c296(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and _order_GtE(get('data.labeled_examples'), 100))


def _c297(facts: Facts) -> Any:
    get = facts.get
    return (get('knowledge.needed') and (get('prompting.meets_target') == True) and _order_Gt(get('examples.in_prompt'), 0) and _order_GtE(get('serving.requests_per_day'), 1000000) and _order_GtE(get('data.labeled_examples'), 100) and (get('model.weights') != 'closed'))


def _c298(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'zero_shot') and get('model.does_task') and ((not get('model.promptable')) or (get('model.instruction_tuned') == False)) and (get('model.modality') != 'tabular') and _order_Gt(get('data.labeled_examples'), 0))


def _c299(facts: Facts) -> Any:
    get = facts.get
    return ((get('data.labeled_examples') == 0) and (not get('prompting.tried')) and (get('prompting.meets_target') == None) and get('model.promptable') and (not get('knowledge.needed')) and (not (get('model.does_task') and (get('model.instruction_tuned') == False))))


def _c300(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'zero_shot') and get('model.does_task') and ((not get('model.promptable')) or (get('model.instruction_tuned') == False)) and (get('model.modality') != 'tabular') and (get('data.labeled_examples') == 0))


def _c301(facts: Facts) -> Any:
    get = facts.get
    return ((get('examples.fit_in_context') == 0) and _order_Gt(get('data.labeled_examples'), 0) and get('model.promptable') and (not get('knowledge.needed')))


def _c302(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'zero_shot') and _order_Gt(get('data.labeled_examples'), 0) and (get('examples.fit_in_context') != 0) and get('model.promptable') and (not get('knowledge.needed')))


def _c303(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == True) and (get('recommendation.strategy') == 'in_context') and get('model.promptable') and (not get('knowledge.needed')))


def _c304(facts: Facts) -> Any:
    get = facts.get
    return (_order_Gt(get('data.labeled_examples'), 0) and _order_Gt(get('examples.in_prompt'), 0) and get('model.promptable') and (not get('knowledge.needed')) and (get('recommendation.technique') != 'zero_shot') and (get('prompting.meets_target') != True))


def _c305(facts: Facts) -> Any:
    get = facts.get
    return (_order_Gt(get('data.labeled_examples'), get('examples.in_prompt')) and _order_Gt(get('examples.in_prompt'), 0) and get('model.promptable') and (not get('knowledge.needed')) and (get('recommendation.technique') != 'zero_shot') and (get('prompting.meets_target') != True))


def _c306(facts: Facts) -> Any:
    get = facts.get
    return (_order_Gt(get('data.labeled_examples'), 0) and get('model.promptable'))


def _c307(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == None) and (get('model.weights') == 'hosted') and (get('model.tuning.service') != None))


def _c308(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == None) and (get('model.weights') == 'hosted') and (get('model.tuning.service') == None))


def _c309(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == None) and (get('model.weights') == 'open') and (not get('tabular.prediction')) and (not get('model.small')))


def _c310(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == None) and (get('model.weights') == 'open') and (not get('tabular.prediction')) and get('model.small'))


def _c311(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == False) and (get('model.weights') == 'open'))


def _c312(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == False) and (get('model.weights') == 'hosted') and (get('model.tuning.service') != None) and (get('model.tuning.min_examples') != None))


def _c313(facts: Facts) -> Any:
    get = facts.get
    return ((get('prompting.meets_target') == False) and (get('model.weights') == 'hosted') and ((get('model.tuning.service') == None) or (get('model.tuning.min_examples') == None)))


def _c314(facts: Facts) -> Any:
    get = facts.get
    return (get('data.few') and (not get('model.promptable')) and (get('model.architecture') == 'encoder') and (get('task.type') == 'classification'))


def _c315(facts: Facts) -> Any:
    get = facts.get
    return ((not get('prompting.tried')) and get('model.promptable') and (not get('model.weak_prompting_matters')) and (get('task.type') != 'embedding'))


def _c316(facts: Facts) -> Any:
    get = facts.get
    return ((not get('prompting.tried')) and get('model.does_task') and (not get('model.promptable')))


def _c317(facts: Facts) -> Any:
    get = facts.get
    return ((not get('prompting.tried')) and (get('task.type') == 'embedding') and (not get('model.does_task')) and get('task.suggestions'))


def _c318(facts: Facts) -> Any:
    get = facts.get
    return ((get('model.instruction_tuned') == False) and get('model.instruct_variant') and (not get('model.does_task')) and _not_in(get('task.type'), _list(('embedding', 'ranking', ))))


def _c319(facts: Facts) -> Any:
    get = facts.get
    return (get('input.overflow') and (get('data.modality') != 'time-series'))


def _c320(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'hosted_tuning') and (get('model.tuning.service') != None) and (get('model.tuning.methods') != _list(('reinforcement', ))))


def _c321(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'hosted_tuning') and (get('model.tuning.service') != None) and (get('model.tuning.methods') == _list(('reinforcement', ))))


def _c322(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'hosted_tuning') and (get('model.tuning.service') == None))


def _c323(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_bf16') == False) and (get('recommendation.technique') != 'hosted_tuning') and (not get('model.fp16_unstable')))


def _c324(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_bf16') == False) and (get('recommendation.technique') != 'hosted_tuning') and get('model.fp16_unstable'))


def _c325(facts: Facts) -> Any:
    get = facts.get
    return (get('recommendation.technique') == 'adapters')


def _c326(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'lora') or (get('recommendation.technique') == 'qlora'))


def _c327(facts: Facts) -> Any:
    get = facts.get
    return ((get('recommendation.technique') == 'hosted_tuning') or (get('recommendation.technique') == 'adapters'))


def _c328(facts: Facts) -> Any:
    get = facts.get
    return (not get('model.small'))


def _c329(facts: Facts) -> Any:
    get = facts.get
    return ((not get('model.small')) and (get('task.type') != 'embedding'))


def _c330(facts: Facts) -> Any:
    get = facts.get
    return get('model.small')


def _c331(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_bf16') == False) and (not get('model.fp16_unstable')))


def _c332(facts: Facts) -> Any:
    get = facts.get
    return ((get('budget.gpu_bf16') == False) and get('model.fp16_unstable'))


def _c333(facts: Facts) -> Any:
    get = facts.get
    return (get('task.type') == 'embedding')


def _c334(facts: Facts) -> Any:
    get = facts.get
    return (get('model.small') and (get('model.architecture') == 'encoder') and (get('model.modality') == 'text') and (get('task.type') != 'embedding') and (not get('embedder.few_shot')))


def _c335(facts: Facts) -> Any:
    get = facts.get
    return (get('model.small') and (get('model.modality') == 'multimodal') and _order_Gt(_call_len(get('model.zero_shot_tasks')), 0) and _in(get('task.type'), _list(('image-classification', 'classification', ))))


def _c336(facts: Facts) -> Any:
    get = facts.get
    return (get('model.small') and (not ((get('model.architecture') == 'encoder') and (get('model.modality') == 'text'))) and (get('task.type') != 'embedding') and (not ((get('model.modality') == 'multimodal') and _order_Gt(_call_len(get('model.zero_shot_tasks')), 0) and _in(get('task.type'), _list(('image-classification', 'classification', ))))))


CONDITIONS: dict[str, tuple[Any, tuple[str, ...]]] = {
    '(budget.usd != null and estimates.full.usd != null and budget.usd >= estimates.full.usd) or (budget.gpu_hours != null and estimates.full.gpu_hours != null\n    and budget.gpu_hours >= estimates.full.gpu_hours)': (_c0, ('budget.gpu_hours', 'budget.usd', 'estimates.full.gpu_hours', 'estimates.full.usd')),
    "(budget.covers_full\n and (budget.level != 'low'\n      or (model.parameters != null\n          and model.parameters <= thresholds.small_model_max_parameters\n          and estimates.full.usd != null\n          and estimates.full.usd <= thresholds.cheap_full_fine_tune_usd)))\nor (budget.level == 'high' and budget.usd == null and budget.gpu_hours == null\n    and (estimates.full.usd == null\n         or estimates.full.usd <= thresholds.high_level_covers_usd))\nor (not estimates.known and (budget.gpu_hours >= thresholds.significant_gpu_hours\n                             or budget.usd >= thresholds.significant_usd))": (_c1, ('budget.covers_full', 'budget.gpu_hours', 'budget.level', 'budget.usd', 'estimates.full.usd', 'estimates.known', 'model.parameters', 'thresholds.cheap_full_fine_tune_usd', 'thresholds.high_level_covers_usd', 'thresholds.significant_gpu_hours', 'thresholds.significant_usd', 'thresholds.small_model_max_parameters')),
    'data.labeled_examples < thresholds.in_context_max_examples': (_c2, ('data.labeled_examples', 'thresholds.in_context_max_examples')),
    'data.labeled_examples >= thresholds.full_min_examples': (_c3, ('data.labeled_examples', 'thresholds.full_min_examples')),
    'budget.gpu_memory_gb == null and estimates.full.memory_gb != null and budget.cost_gpu_memory_gb != null and ((budget.gpus == 1\n      and estimates.full.memory_gb > budget.cost_gpu_memory_gb * thresholds.gpus_per_node)\n     or (budget.gpus > 1 and estimates.full.memory_gb > budget.cost_gpu_memory_gb))': (_c4, ('budget.cost_gpu_memory_gb', 'budget.gpu_memory_gb', 'budget.gpus', 'estimates.full.memory_gb', 'thresholds.gpus_per_node')),
    "data.large and budget.significant and task.complexity != 'low' and not constraints.preserve_general_capabilities and model.weights == 'open'": (_c5, ('budget.significant', 'constraints.preserve_general_capabilities', 'data.large', 'model.weights', 'task.complexity')),
    "model.architecture == 'decoder' and (len(model.languages) > 1\n     or (model.parameters != null\n         and model.parameters >= thresholds.multilingual_decoder_min_parameters))": (_c6, ('model.architecture', 'model.languages', 'model.parameters', 'thresholds.multilingual_decoder_min_parameters')),
    'language.match == false and not model.sees_many_languages': (_c7, ('language.match', 'model.sees_many_languages')),
    "(task.type in model.zero_shot_tasks\n or (task.text_completion and model.architecture == 'decoder' and model.promptable)\n or (task.language_identification and model.identifies_language))\nand not (task.code_from_instructions and model.instruction_tuned != true) and language.direction_match != false and not language.unseen and not ((task.type in model.trained_for or model.label_set != null)\n         and task.states_other_labels)\nand not task.beyond_label_set and not (model.label_set != null and len(model.trained_for) == 0\n         and task.described and not task.names_label_set)\nand not (model.transcribes and task.structured_extraction) and not (model.class_agnostic and task.states_classes)": (_c8, ('language.direction_match', 'language.unseen', 'model.architecture', 'model.class_agnostic', 'model.identifies_language', 'model.instruction_tuned', 'model.label_set', 'model.promptable', 'model.trained_for', 'model.transcribes', 'model.zero_shot_tasks', 'task.beyond_label_set', 'task.code_from_instructions', 'task.described', 'task.language_identification', 'task.names_label_set', 'task.states_classes', 'task.states_other_labels', 'task.structured_extraction', 'task.text_completion', 'task.type')),
    'task.type in model.trained_for and model.label_set != null and task.names_label_set and not task.beyond_label_set and language.direction_match != false and not language.unseen': (_c9, ('language.direction_match', 'language.unseen', 'model.label_set', 'model.trained_for', 'task.beyond_label_set', 'task.names_label_set', 'task.type')),
    "model.in_context_learning == 'weak' or (model.in_context_learning == 'none' and model.promptable) or (model.in_context_learning == null and model.promptable and not model.in_catalog\n    and model.parameters != null\n    and model.parameters < thresholds.weak_in_context_max_parameters)": (_c10, ('model.in_catalog', 'model.in_context_learning', 'model.parameters', 'model.promptable', 'thresholds.weak_in_context_max_parameters')),
    "model.weak_in_context and not (model.does_task and model.checkpoint != 'instruct') and not (data.labeled_examples == 0 and model.instruction_tuned and model.does_task) and not (model.instruction_tuned and model.does_task\n         and model.parameters >= thresholds.weak_in_context_max_parameters)\nand task.type != 'embedding'": (_c11, ('data.labeled_examples', 'model.checkpoint', 'model.does_task', 'model.instruction_tuned', 'model.parameters', 'model.weak_in_context', 'task.type', 'thresholds.weak_in_context_max_parameters')),
    "plan.fine_tuning and (model.weights == 'closed'\n     or (model.weights == 'hosted'\n         and (plan.strategy == 'full_fine_tune'\n              or (plan.technique != null and plan.technique != 'hosted_tuning'))))": (_c12, ('model.weights', 'plan.fine_tuning', 'plan.strategy', 'plan.technique')),
    "model.generative and ((model.parameters == null and model.weights != 'open')\n     or (model.parameters != null\n         and model.parameters >= thresholds.broad_pretraining_min_parameters))": (_c13, ('model.generative', 'model.parameters', 'model.weights', 'thresholds.broad_pretraining_min_parameters')),
    "task.type in ['generation', 'summarization', 'chat', 'translation', 'code']": (_c14, ('task.type',)),
    "task.generative and (model.architecture == 'encoder' or model.role != null)": (_c15, ('model.architecture', 'model.role', 'task.generative')),
    "(model.architecture == 'encoder' or model.checkpoint == 'pretrained'\n or model.checkpoint == 'task')\nand model.parameters != null and model.parameters <= thresholds.small_model_max_parameters and model.card_technique == null": (_c16, ('model.architecture', 'model.card_technique', 'model.checkpoint', 'model.parameters', 'thresholds.small_model_max_parameters')),
    "data.few and data.labeled_examples > 1 and task.type == 'classification' and data.modality == 'text' and 'embedding' in model.zero_shot_tasks and model.small and model.modality == 'text'": (_c17, ('data.few', 'data.labeled_examples', 'data.modality', 'model.modality', 'model.small', 'model.zero_shot_tasks', 'task.type')),
    "model.small and estimates.full.fits != 'no' and estimates.full.usd != null and estimates.full.usd <= thresholds.cheap_full_fine_tune_usd": (_c18, ('estimates.full.fits', 'estimates.full.usd', 'model.small', 'thresholds.cheap_full_fine_tune_usd')),
    "data.modality == 'tabular' and task.type in ['classification', 'regression']": (_c19, ('data.modality', 'task.type')),
    "task.knowledge.required == true or (task.knowledge.required == null\n    and task.type in ['question-answering', 'chat', 'generation']\n    and (task.knowledge.source in ['private-documents', 'catalogue', 'recent-data']\n         or task.knowledge.changes == true))": (_c20, ('task.knowledge.changes', 'task.knowledge.required', 'task.knowledge.source', 'task.type')),
    "task.knowledge.required == null and not knowledge.needed and task.type in ['question-answering', 'chat']": (_c21, ('knowledge.needed', 'task.knowledge.required', 'task.type')),
    "data.unlabeled_tokens >= thresholds.continued_pretraining_min_tokens and domain.match != 'same' and domain.match != null and model.weights == 'open' and prompting.meets_target != true": (_c22, ('data.unlabeled_tokens', 'domain.match', 'model.weights', 'prompting.meets_target', 'thresholds.continued_pretraining_min_tokens')),
    "estimates.known and budget.gpu_memory_gb != null and estimates.lora.fits == 'no' and estimates.qlora.fits == 'no' and estimates.full.fits == 'no'": (_c23, ('budget.gpu_memory_gb', 'estimates.full.fits', 'estimates.known', 'estimates.lora.fits', 'estimates.qlora.fits')),
    "modality.match == 'no'": (_c24, ('modality.match',)),
    'modality.frames_only': (_c25, ('modality.frames_only',)),
    'model.sequence_model and data.prose': (_c26, ('data.prose', 'model.sequence_model')),
    "prompting.meets_target == true and serving.requests_per_day >= thresholds.high_volume_requests_per_day and model.promptable and examples.in_prompt > 0 and data.labeled_examples >= thresholds.in_context_max_examples and model.weights != 'closed' and not knowledge.needed and not (model.does_task and (model.zero_shot_first\n                              or (model.in_context_learning == 'weak'\n                                  and model.instruction_tuned)))\nand plan.technique != 'zero_shot'": (_c27, ('data.labeled_examples', 'examples.in_prompt', 'knowledge.needed', 'model.does_task', 'model.in_context_learning', 'model.instruction_tuned', 'model.promptable', 'model.weights', 'model.zero_shot_first', 'plan.technique', 'prompting.meets_target', 'serving.requests_per_day', 'thresholds.high_volume_requests_per_day', 'thresholds.in_context_max_examples')),
    'prompting.meets_target == true': (_c28, ('prompting.meets_target',)),
    "tabular.prediction and model.modality != 'tabular' and data.labeled_examples > 0": (_c29, ('data.labeled_examples', 'model.modality', 'tabular.prediction')),
    "model.modality == 'tabular' and data.labeled_examples > thresholds.tabular_in_context_max_rows": (_c30, ('data.labeled_examples', 'model.modality', 'thresholds.tabular_in_context_max_rows')),
    "model.modality == 'tabular' and not model.does_task and task.suggestions": (_c31, ('model.does_task', 'model.modality', 'task.suggestions')),
    "model.modality == 'tabular' and model.does_task and data.labeled_examples == 0": (_c32, ('data.labeled_examples', 'model.does_task', 'model.modality')),
    "model.modality == 'tabular' and model.does_task and data.labeled_examples > 0 and prompting.meets_target == false": (_c33, ('data.labeled_examples', 'model.does_task', 'model.modality', 'prompting.meets_target')),
    "model.modality == 'tabular' and model.does_task": (_c34, ('model.does_task', 'model.modality')),
    "architecture.mismatch and model.architecture != 'encoder'": (_c35, ('architecture.mismatch', 'model.architecture')),
    'architecture.mismatch': (_c36, ('architecture.mismatch',)),
    "task.type == 'embedding' and model.generative and not model.does_task and not data.large and task.suggestions": (_c37, ('data.large', 'model.does_task', 'model.generative', 'task.suggestions', 'task.type')),
    "language.match == false and language.suggestions and (not model.sees_many_languages\n     or (task.type == 'translation' and len(model.languages) <= 2))": (_c38, ('language.match', 'language.suggestions', 'model.languages', 'model.sees_many_languages', 'task.type')),
    "language.match == false and language.suggestions and task.type == 'translation' and data.few": (_c39, ('data.few', 'language.match', 'language.suggestions', 'task.type')),
    'language.unseen and data.labeled_examples == 0': (_c40, ('data.labeled_examples', 'language.unseen')),
    'language.direction_match == false and not model.directions and language.direction_suggestions': (_c41, ('language.direction_match', 'language.direction_suggestions', 'model.directions')),
    'language.direction_match == false and language.direction_suggestions': (_c42, ('language.direction_match', 'language.direction_suggestions')),
    "language.direction_match == false and not language.direction_suggestions and language.cascade_suggestions and 'speech-recognition' in model.zero_shot_tasks and language.match != false": (_c43, ('language.cascade_suggestions', 'language.direction_match', 'language.direction_suggestions', 'language.match', 'model.zero_shot_tasks')),
    'model.tuning_excludes != null and prompting.meets_target == false and not knowledge.needed': (_c44, ('knowledge.needed', 'model.tuning_excludes', 'prompting.meets_target')),
    'model.tuning_excludes != null': (_c45, ('model.tuning_excludes',)),
    "model.weights == 'closed' and prompting.meets_target == false and not knowledge.needed": (_c46, ('knowledge.needed', 'model.weights', 'prompting.meets_target')),
    "model.weights == 'closed' and model.in_context_learning == 'none' and not model.does_task and not model.head_fits": (_c47, ('model.does_task', 'model.head_fits', 'model.in_context_learning', 'model.weights')),
    "model.weights == 'closed'": (_c48, ('model.weights',)),
    "model.weights == 'hosted' and model.tuning.min_examples != null and data.labeled_examples < model.tuning.min_examples and prompting.meets_target != true": (_c49, ('data.labeled_examples', 'model.tuning.min_examples', 'model.weights', 'prompting.meets_target')),
    'knowledge.needed and model.promptable': (_c50, ('knowledge.needed', 'model.promptable')),
    'data.labeled_examples == 0 and model.weak_prompting_matters and model.instruction_tuned != true and model.instruct_variant and prompting.meets_target != true': (_c51, ('data.labeled_examples', 'model.instruct_variant', 'model.instruction_tuned', 'model.weak_prompting_matters', 'prompting.meets_target')),
    'data.labeled_examples == 0 and model.weak_prompting_matters and not (model.instruction_tuned and model.does_task) and prompting.meets_target != true': (_c52, ('data.labeled_examples', 'model.does_task', 'model.instruction_tuned', 'model.weak_prompting_matters', 'prompting.meets_target')),
    'data.few and model.weak_prompting_matters and model.instruction_tuned != true and not model.instruct_variant and prompting.meets_target != true and not model.sequence_model': (_c53, ('data.few', 'model.instruct_variant', 'model.instruction_tuned', 'model.sequence_model', 'model.weak_prompting_matters', 'prompting.meets_target')),
    'data.few and model.weak_prompting_matters and prompting.meets_target != true': (_c54, ('data.few', 'model.weak_prompting_matters', 'prompting.meets_target')),
    'data.labeled_examples == 0 and model.promptable and model.instruction_tuned == false and not model.instruct_variant and not model.does_task': (_c55, ('data.labeled_examples', 'model.does_task', 'model.instruct_variant', 'model.instruction_tuned', 'model.promptable')),
    'data.few and model.head_fits and not task.states_other_labels and prompting.meets_target != false': (_c56, ('data.few', 'model.head_fits', 'prompting.meets_target', 'task.states_other_labels')),
    'data.labeled_examples == 0 and (model.promptable or model.does_task) and prompting.meets_target != false': (_c57, ('data.labeled_examples', 'model.does_task', 'model.promptable', 'prompting.meets_target')),
    'data.labeled_examples == 0 and (model.promptable or model.does_task) and prompting.meets_target == false': (_c58, ('data.labeled_examples', 'model.does_task', 'model.promptable', 'prompting.meets_target')),
    'data.few and model.does_task and not model.promptable and prompting.meets_target != false': (_c59, ('data.few', 'model.does_task', 'model.promptable', 'prompting.meets_target')),
    "data.few and model.promptable and prompting.meets_target != false and model.in_context_learning in ['weak', 'none'] and model.instruction_tuned and model.does_task": (_c60, ('data.few', 'model.does_task', 'model.in_context_learning', 'model.instruction_tuned', 'model.promptable', 'prompting.meets_target')),
    'data.few and model.promptable and prompting.meets_target != false': (_c61, ('data.few', 'model.promptable', 'prompting.meets_target')),
    'data.few and model.promptable and prompting.meets_target == false and model.tuning.recommended_examples != null and data.labeled_examples >= model.tuning.recommended_examples': (_c62, ('data.few', 'data.labeled_examples', 'model.promptable', 'model.tuning.recommended_examples', 'prompting.meets_target')),
    'data.few and model.promptable and prompting.meets_target == false': (_c63, ('data.few', 'model.promptable', 'prompting.meets_target')),
    "data.labeled_examples == 0 and not model.promptable and model.checkpoint == 'task' and model.zero_shot_tasks and task.type not in model.zero_shot_tasks": (_c64, ('data.labeled_examples', 'model.checkpoint', 'model.promptable', 'model.zero_shot_tasks', 'task.type')),
    'data.labeled_examples == 0 and not model.promptable': (_c65, ('data.labeled_examples', 'model.promptable')),
    'embedder.few_shot': (_c66, ('embedder.few_shot',)),
    'data.few and not model.promptable': (_c67, ('data.few', 'model.promptable')),
    "task.complexity == 'low' and model.promptable and prompting.meets_target != false and data.labeled_examples < thresholds.low_complexity_in_context_max_examples": (_c68, ('data.labeled_examples', 'model.promptable', 'prompting.meets_target', 'task.complexity', 'thresholds.low_complexity_in_context_max_examples')),
    "fine_tuning.fits_nowhere and model.weights == 'open' and estimates.qlora.sequence_percent >= thresholds.sequence_dominant_percent": (_c69, ('estimates.qlora.sequence_percent', 'fine_tuning.fits_nowhere', 'model.weights', 'thresholds.sequence_dominant_percent')),
    "fine_tuning.fits_nowhere and model.weights == 'open'": (_c70, ('fine_tuning.fits_nowhere', 'model.weights')),
    'model.quantized and (full.cheap or full.warranted)': (_c71, ('full.cheap', 'full.warranted', 'model.quantized')),
    "full.cheap and not constraints.preserve_general_capabilities and model.modality == 'multimodal' and len(model.zero_shot_tasks) > 0 and task.type in ['image-classification', 'classification']": (_c72, ('constraints.preserve_general_capabilities', 'full.cheap', 'model.modality', 'model.zero_shot_tasks', 'task.type')),
    'full.cheap and not constraints.preserve_general_capabilities': (_c73, ('constraints.preserve_general_capabilities', 'full.cheap')),
    'data.large and constraints.preserve_general_capabilities': (_c74, ('constraints.preserve_general_capabilities', 'data.large')),
    "full.warranted and estimates.full.fits != 'no' and not full.beyond_one_server": (_c75, ('estimates.full.fits', 'full.beyond_one_server', 'full.warranted')),
    "model.weights == 'hosted'": (_c76, ('model.weights',)),
    'true': (_c77, ()),
    "knowledge.needed and (model.promptable or (model.does_task and task.type == 'question-answering'))": (_c78, ('knowledge.needed', 'model.does_task', 'model.promptable', 'task.type')),
    "prompting.meets_target == true and plan.technique == 'zero_shot'": (_c79, ('plan.technique', 'prompting.meets_target')),
    "prompting.meets_target == true and plan.technique == 'few_shot' and model.promptable": (_c80, ('model.promptable', 'plan.technique', 'prompting.meets_target')),
    'examples.fit_in_context == 0 and data.labeled_examples > 0 and model.promptable': (_c81, ('data.labeled_examples', 'examples.fit_in_context', 'model.promptable')),
    'data.labeled_examples == 0 or not model.promptable': (_c82, ('data.labeled_examples', 'model.promptable')),
    "data.modality in ['image', 'video'] and model.images_per_prompt == 1 and data.labeled_examples > 0 and model.promptable": (_c83, ('data.labeled_examples', 'data.modality', 'model.images_per_prompt', 'model.promptable')),
    "model.in_context_learning in ['weak', 'none'] and model.instruction_tuned and model.does_task": (_c84, ('model.does_task', 'model.in_context_learning', 'model.instruction_tuned')),
    'model.zero_shot_first and model.does_task and prompting.meets_target != false': (_c85, ('model.does_task', 'model.zero_shot_first', 'prompting.meets_target')),
    "model.weights == 'hosted' and model.weights_published": (_c86, ('model.weights', 'model.weights_published')),
    "model.card_technique == 'adapters'": (_c87, ('model.card_technique',)),
    "training.cpu_offload == true and budget.cpu_memory_gb != null and estimates.lora.host_memory_gb > budget.cpu_memory_gb and estimates.qlora.host_memory_gb <= budget.cpu_memory_gb and estimates.qlora.fits != 'no'": (_c88, ('budget.cpu_memory_gb', 'estimates.lora.host_memory_gb', 'estimates.qlora.fits', 'estimates.qlora.host_memory_gb', 'training.cpu_offload')),
    "estimates.lora.fits == 'no' and estimates.qlora.fits == 'tight'": (_c89, ('estimates.lora.fits', 'estimates.qlora.fits')),
    "estimates.lora.fits == 'no' and estimates.qlora.fits != 'no'": (_c90, ('estimates.lora.fits', 'estimates.qlora.fits')),
    "estimates.lora.fits == 'tight' and estimates.qlora.fits == 'yes' and model.parameters >= thresholds.qlora_min_parameters": (_c91, ('estimates.lora.fits', 'estimates.qlora.fits', 'model.parameters', 'thresholds.qlora_min_parameters')),
    "estimates.lora.fits == 'tight' and estimates.qlora.fits == 'tight' and model.parameters >= thresholds.qlora_min_parameters and estimates.qlora.memory_gb\n    <= estimates.lora.memory_gb * thresholds.qlora_tight_max_share": (_c92, ('estimates.lora.fits', 'estimates.lora.memory_gb', 'estimates.qlora.fits', 'estimates.qlora.memory_gb', 'model.parameters', 'thresholds.qlora_min_parameters', 'thresholds.qlora_tight_max_share')),
    "budget.level == 'low' and estimates.lora.fits == 'yes' and estimates.lora.usd != null and estimates.qlora.usd != null and estimates.lora.usd <= estimates.qlora.usd and training.cpu_offload != true and plan.technique != 'qlora'": (_c93, ('budget.level', 'estimates.lora.fits', 'estimates.lora.usd', 'estimates.qlora.usd', 'plan.technique', 'training.cpu_offload')),
    "budget.level == 'low' and (model.parameters == null or model.parameters >= thresholds.qlora_min_parameters) and (estimates.lora.memory_gb == null\n     or estimates.lora.memory_gb > thresholds.low_budget_gpu_memory_gb\n     or training.cpu_offload == true or plan.technique == 'qlora')": (_c94, ('budget.level', 'estimates.lora.memory_gb', 'model.parameters', 'plan.technique', 'thresholds.low_budget_gpu_memory_gb', 'thresholds.qlora_min_parameters', 'training.cpu_offload')),
    'estimates.full.usd != null and not full.cheap and estimates.stated.full.memory_gb != null': (_c95, ('estimates.full.usd', 'estimates.stated.full.memory_gb', 'full.cheap')),
    'estimates.full.usd != null and not full.cheap': (_c96, ('estimates.full.usd', 'full.cheap')),
    'modality.suggestions': (_c97, ('modality.suggestions',)),
    "modality.match == 'partial' and not modality.frames_only": (_c98, ('modality.frames_only', 'modality.match')),
    'model.multi_image and task.temporal_term != null': (_c99, ('model.multi_image', 'task.temporal_term')),
    'language.match == false': (_c100, ('language.match',)),
    'model.sees_many_languages': (_c101, ('model.sees_many_languages',)),
    'not model.sees_many_languages': (_c102, ('model.sees_many_languages',)),
    'language.suggestions': (_c103, ('language.suggestions',)),
    "language.weak != null and task.type == 'speech-recognition'": (_c104, ('language.weak', 'task.type')),
    'language.direction_match == false': (_c105, ('language.direction_match',)),
    'model.directions': (_c106, ('model.directions',)),
    'not model.directions': (_c107, ('model.directions',)),
    'language.direction_suggestions': (_c108, ('language.direction_suggestions',)),
    'language.cascade_suggestions': (_c109, ('language.cascade_suggestions',)),
    'language.unlisted': (_c110, ('language.unlisted',)),
    'language.unrecognised': (_c111, ('language.unrecognised',)),
    "domain.match == 'distant' and (not model.broad_pretraining or data.sequences != null) and data.modality != 'tabular'": (_c112, ('data.modality', 'data.sequences', 'domain.match', 'model.broad_pretraining')),
    'not model.domains_known': (_c113, ('model.domains_known',)),
    'domain.suggestions': (_c114, ('domain.suggestions',)),
    "domain.match == 'distant' and model.broad_pretraining and data.sequences == null and data.modality != 'tabular'": (_c115, ('data.modality', 'data.sequences', 'domain.match', 'model.broad_pretraining')),
    "(recommendation.fine_tuning or plan.fine_tuning) and plan.strategy != 'in_context' and model.promptable and not model.weak_prompting_matters and not prompting.tried and modality.match != 'no' and task.type != 'embedding'": (_c116, ('modality.match', 'model.promptable', 'model.weak_prompting_matters', 'plan.fine_tuning', 'plan.strategy', 'prompting.tried', 'recommendation.fine_tuning', 'task.type')),
    'examples.fit_in_context == 0 and data.labeled_examples > 0': (_c117, ('data.labeled_examples', 'examples.fit_in_context')),
    "(recommendation.fine_tuning or plan.fine_tuning) and (model.does_task or (model.head_fits and not task.states_other_labels)) and not model.promptable and not prompting.tried and modality.match != 'no'": (_c118, ('modality.match', 'model.does_task', 'model.head_fits', 'model.promptable', 'plan.fine_tuning', 'prompting.tried', 'recommendation.fine_tuning', 'task.states_other_labels')),
    "recommendation.technique == 'zero_shot' and (model.does_task or model.head_fits) and not prompting.tried and prompting.meets_target == null": (_c119, ('model.does_task', 'model.head_fits', 'prompting.meets_target', 'prompting.tried', 'recommendation.technique')),
    "(recommendation.fine_tuning or plan.fine_tuning) and model.promptable and model.instruction_tuned == false and not model.does_task and not continued_pretraining.useful and task.type not in ['embedding', 'ranking'] and data.labeled_examples < thresholds.instruction_tuning_min_examples and (model.instruct_variant or model.checkpoint == 'base'\n     or (not model.in_catalog and model.checkpoint == null))": (_c120, ('continued_pretraining.useful', 'data.labeled_examples', 'model.checkpoint', 'model.does_task', 'model.in_catalog', 'model.instruct_variant', 'model.instruction_tuned', 'model.promptable', 'plan.fine_tuning', 'recommendation.fine_tuning', 'task.type', 'thresholds.instruction_tuning_min_examples')),
    'model.instruct_variant': (_c121, ('model.instruct_variant',)),
    'not model.instruct_variant': (_c122, ('model.instruct_variant',)),
    "(recommendation.strategy == 'in_context' or model.weak_in_context) and (data.labeled_examples == 0\n     or (task.type == 'chat' and recommendation.strategy == 'in_context'))\nand not plan.fine_tuning and model.promptable and prompting.meets_target != true and model.instruction_tuned == false and model.instruct_variant and not model.does_task and task.type not in ['embedding', 'ranking'] and not (continued_pretraining.useful and task.type != 'chat')": (_c123, ('continued_pretraining.useful', 'data.labeled_examples', 'model.does_task', 'model.instruct_variant', 'model.instruction_tuned', 'model.promptable', 'model.weak_in_context', 'plan.fine_tuning', 'prompting.meets_target', 'recommendation.strategy', 'task.type')),
    "recommendation.strategy != 'change_base_model' and (recommendation.strategy == 'full_fine_tune' or plan.strategy == 'full_fine_tune') and (not model.small or constraints.preserve_general_capabilities\n     or (model.modality == 'multimodal' and len(model.zero_shot_tasks) > 0))\nand (task.type != 'embedding' or constraints.preserve_general_capabilities) and model.weights == 'open' and constraints.preserve_general_capabilities != false": (_c124, ('constraints.preserve_general_capabilities', 'model.modality', 'model.small', 'model.weights', 'model.zero_shot_tasks', 'plan.strategy', 'recommendation.strategy', 'task.type')),
    'constraints.preserve_general_capabilities': (_c125, ('constraints.preserve_general_capabilities',)),
    "model.small and model.modality == 'multimodal' and len(model.zero_shot_tasks) > 0": (_c126, ('model.modality', 'model.small', 'model.zero_shot_tasks')),
    "model.instruction_tuned and model.architecture == 'decoder'": (_c127, ('model.architecture', 'model.instruction_tuned')),
    "model.weights == 'hosted' and constraints.preserve_general_capabilities and model.tuning.adapter == null and recommendation.strategy != 'change_base_model' and (recommendation.technique == 'hosted_tuning' or plan.technique == 'hosted_tuning'\n     or (plan.fine_tuning and recommendation.technique == 'hosted_tuning'))": (_c128, ('constraints.preserve_general_capabilities', 'model.tuning.adapter', 'model.weights', 'plan.fine_tuning', 'plan.technique', 'recommendation.strategy', 'recommendation.technique')),
    "model.class_agnostic and task.states_classes and task.type == 'segmentation' and modality.match != 'no'": (_c129, ('modality.match', 'model.class_agnostic', 'task.states_classes', 'task.type')),
    'task.suggestions': (_c130, ('task.suggestions',)),
    "not model.promptable and modality.match != 'no' and not model.does_task and not model.head_fits and (data.few or plan.strategy == 'in_context')": (_c131, ('data.few', 'modality.match', 'model.does_task', 'model.head_fits', 'model.promptable', 'plan.strategy')),
    "model.checkpoint == 'task' and not model.in_catalog and data.labeled_examples == 0 and task.type in ['classification', 'image-classification', 'object-detection',\n                  'segmentation', 'extraction', 'other']\nand language.match != false and not architecture.mismatch": (_c132, ('architecture.mismatch', 'data.labeled_examples', 'language.match', 'model.checkpoint', 'model.in_catalog', 'task.type')),
    "plan.strategy == 'in_context'": (_c133, ('plan.strategy',)),
    "(recommendation.technique == 'few_shot'\n or (plan.technique == 'few_shot' and model.promptable))\nand examples.fit_in_context != null and examples.fit_in_context > 0 and data.labeled_examples > examples.fit_in_context and prompting.meets_target != true": (_c134, ('data.labeled_examples', 'examples.fit_in_context', 'model.promptable', 'plan.technique', 'prompting.meets_target', 'recommendation.technique')),
    'model.window_assumed': (_c135, ('model.window_assumed',)),
    "(recommendation.strategy == 'in_context' or plan.technique == 'few_shot') and examples.fit_in_context == 0 and data.labeled_examples > 0 and model.promptable and not knowledge.needed and prompting.meets_target != true": (_c136, ('data.labeled_examples', 'examples.fit_in_context', 'knowledge.needed', 'model.promptable', 'plan.technique', 'prompting.meets_target', 'recommendation.strategy')),
    '(recommendation.fine_tuning or plan.fine_tuning) and data.few and not embedder.few_shot and not (model.tuning.recommended_examples != null\n         and data.labeled_examples >= model.tuning.recommended_examples)': (_c137, ('data.few', 'data.labeled_examples', 'embedder.few_shot', 'model.tuning.recommended_examples', 'plan.fine_tuning', 'recommendation.fine_tuning')),
    "not model.in_catalog and (model.assumed != '' or model.instruction_tuned == null or model.parameters == null)": (_c138, ('model.assumed', 'model.in_catalog', 'model.instruction_tuned', 'model.parameters')),
    'model.did_you_mean': (_c139, ('model.did_you_mean',)),
    "model.assumed != ''": (_c140, ('model.assumed',)),
    'model.instruction_tuned == null': (_c141, ('model.instruction_tuned',)),
    'model.parameters == null': (_c142, ('model.parameters',)),
    "architecture.mismatch and model.architecture == 'encoder'": (_c143, ('architecture.mismatch', 'model.architecture')),
    "model.weak_prompting_matters and prompting.meets_target != true and not (model.weights == 'closed' and model.in_context_learning == 'none') and (data.few or plan.technique == 'few_shot'\n     or recommendation.technique == 'few_shot'\n     or (recommendation.strategy == 'in_context' and examples.fit_in_context == 0\n         and data.labeled_examples > 0))": (_c144, ('data.few', 'data.labeled_examples', 'examples.fit_in_context', 'model.in_context_learning', 'model.weak_prompting_matters', 'model.weights', 'plan.technique', 'prompting.meets_target', 'recommendation.strategy', 'recommendation.technique')),
    'budget.gpu_unlisted != null': (_c145, ('budget.gpu_unlisted',)),
    'model.tuning.service != null': (_c146, ('model.tuning.service',)),
    'model.tuning.service == null': (_c147, ('model.tuning.service',)),
    'model.tuning.min_examples != null': (_c148, ('model.tuning.min_examples',)),
    'model.tuning.min_examples != null and data.labeled_examples < model.tuning.min_examples': (_c149, ('data.labeled_examples', 'model.tuning.min_examples')),
    "(recommendation.technique == 'hosted_tuning' or plan.technique == 'hosted_tuning') and model.tuning.jobs_until != null": (_c150, ('model.tuning.jobs_until', 'plan.technique', 'recommendation.technique')),
    'model.tuning.idle_since != null': (_c151, ('model.tuning.idle_since',)),
    "model.weights != 'open' and not (model.weights == 'hosted' and model.weights_published)": (_c152, ('model.weights', 'model.weights_published')),
    "model.weights == 'hosted' and model.tuning.service != null": (_c153, ('model.tuning.service', 'model.weights')),
    "model.weights == 'hosted' and model.tuning.service == null": (_c154, ('model.tuning.service', 'model.weights')),
    "model.weights == 'hosted' and model.tuning.min_examples != null": (_c155, ('model.tuning.min_examples', 'model.weights')),
    "model.weights == 'hosted' and model.tuning.recommended_examples != null": (_c156, ('model.tuning.recommended_examples', 'model.weights')),
    "model.weights == 'closed' and model.tuning_excludes == null": (_c157, ('model.tuning_excludes', 'model.weights')),
    "model.weights == 'hosted' and model.tuning.min_examples != null and data.labeled_examples < model.tuning.min_examples": (_c158, ('data.labeled_examples', 'model.tuning.min_examples', 'model.weights')),
    "hosted.tuning_usd != null and budget.usd == null and (recommendation.technique == 'hosted_tuning' or plan.fine_tuning)": (_c159, ('budget.usd', 'hosted.tuning_usd', 'plan.fine_tuning', 'recommendation.technique')),
    'knowledge.needed and model.generative': (_c160, ('knowledge.needed', 'model.generative')),
    'task.knowledge.changes': (_c161, ('task.knowledge.changes',)),
    'task.knowledge.required == null': (_c162, ('task.knowledge.required',)),
    'plan.fine_tuning': (_c163, ('plan.fine_tuning',)),
    "knowledge.needed and not model.generative and (model.role == 'embedder' or model.role == 'reranker' or task.type == 'embedding'\n     or task.type == 'ranking' or 'embedding' in model.zero_shot_tasks)": (_c164, ('knowledge.needed', 'model.generative', 'model.role', 'model.zero_shot_tasks', 'task.type')),
    "knowledge.needed and not model.generative and model.role != 'embedder' and model.role != 'reranker' and task.type != 'embedding' and task.type != 'ranking' and 'embedding' not in model.zero_shot_tasks and model.modality in ['text', 'code', 'multimodal']": (_c165, ('knowledge.needed', 'model.generative', 'model.modality', 'model.role', 'model.zero_shot_tasks', 'task.type')),
    'knowledge.unknown': (_c166, ('knowledge.unknown',)),
    "input.overflow and data.modality != 'time-series' and data.max_tokens_per_example != null": (_c167, ('data.max_tokens_per_example', 'data.modality', 'input.overflow')),
    'input.average_overflows': (_c168, ('input.average_overflows',)),
    'input.suggestions': (_c169, ('input.suggestions',)),
    'not input.suggestions': (_c170, ('input.suggestions',)),
    "input.overflow and data.modality == 'time-series' and data.max_tokens_per_example != null": (_c171, ('data.max_tokens_per_example', 'data.modality', 'input.overflow')),
    "input.overflow and data.modality != 'time-series' and data.max_tokens_per_example == null": (_c172, ('data.max_tokens_per_example', 'data.modality', 'input.overflow')),
    "(recommendation.fine_tuning or plan.fine_tuning) and data.modality == 'audio' and model.input_seconds != null and model.context_window != null and input.longest_tokens != null and input.longest_tokens > model.context_window": (_c173, ('data.modality', 'input.longest_tokens', 'model.context_window', 'model.input_seconds', 'plan.fine_tuning', 'recommendation.fine_tuning')),
    'recommendation.fine_tuning and training.sequence_length != null and model.context_window != null and training.sequence_length > model.context_window and (data.max_tokens_per_example == null\n     or data.max_tokens_per_example > model.context_window)': (_c174, ('data.max_tokens_per_example', 'model.context_window', 'recommendation.fine_tuning', 'training.sequence_length')),
    "input.overflow and data.modality == 'time-series' and data.max_tokens_per_example == null": (_c175, ('data.max_tokens_per_example', 'data.modality', 'input.overflow')),
    "(tabular.prediction and model.modality != 'tabular' and data.labeled_examples > 0) or (model.modality == 'tabular'\n    and data.labeled_examples > thresholds.tabular_in_context_max_rows)": (_c176, ('data.labeled_examples', 'model.modality', 'tabular.prediction', 'thresholds.tabular_in_context_max_rows')),
    'data.labeled_examples <= thresholds.tabular_in_context_max_rows and task.suggestions': (_c177, ('data.labeled_examples', 'task.suggestions', 'thresholds.tabular_in_context_max_rows')),
    "data.modality == 'time-series' and model.modality != 'time-series'": (_c178, ('data.modality', 'model.modality')),
    'continued_pretraining.useful': (_c179, ('continued_pretraining.useful',)),
    'estimates.continued_pretraining.gpu_hours != null': (_c180, ('estimates.continued_pretraining.gpu_hours',)),
    'model.instruction_tuned and model.base_variant': (_c181, ('model.base_variant', 'model.instruction_tuned')),
    "data.labels_from == 'teacher' and not (data.teacher_parameters != null and model.parameters != null\n         and model.parameters >= data.teacher_parameters)": (_c182, ('data.labels_from', 'data.teacher_parameters', 'model.parameters')),
    'data.teacher_model': (_c183, ('data.teacher_model',)),
    'distillation.break_even_days != null and distillation.break_even_days < 1': (_c184, ('distillation.break_even_days',)),
    'distillation.break_even_days != null and distillation.break_even_days >= 1': (_c185, ('distillation.break_even_days',)),
    "recommendation.strategy == 'change_base_model' and plan.strategy != null and not fine_tuning.fits_nowhere and not (model.modality == 'tabular' and model.does_task\n         and data.labeled_examples <= thresholds.tabular_in_context_max_rows)": (_c186, ('data.labeled_examples', 'fine_tuning.fits_nowhere', 'model.does_task', 'model.modality', 'plan.strategy', 'recommendation.strategy', 'thresholds.tabular_in_context_max_rows')),
    "model.modality == 'tabular' and model.does_task and data.labeled_examples == 0 and plan.strategy != null": (_c187, ('data.labeled_examples', 'model.does_task', 'model.modality', 'plan.strategy')),
    "model.modality == 'tabular' and model.does_task and data.labeled_examples > 0 and prompting.meets_target == false and plan.strategy == 'in_context'": (_c188, ('data.labeled_examples', 'model.does_task', 'model.modality', 'plan.strategy', 'prompting.meets_target')),
    'plan.not_offered': (_c189, ('plan.not_offered',)),
    'plan.technique != null': (_c190, ('plan.technique',)),
    "plan.strategy == 'full_fine_tune' and model.quantized": (_c191, ('model.quantized', 'plan.strategy')),
    'recommendation.plan_gap >= 2': (_c192, ('recommendation.plan_gap',)),
    'recommendation.plan_gap == 1': (_c193, ('recommendation.plan_gap',)),
    "recommendation.plan_gap < 0 and not (full.cheap and plan.strategy == 'peft'\n         and recommendation.strategy == 'full_fine_tune')": (_c194, ('full.cheap', 'plan.strategy', 'recommendation.plan_gap', 'recommendation.strategy')),
    'prompting.meets_target != true': (_c195, ('prompting.meets_target',)),
    'recommendation.plan_gap == 0 and plan.technique != null and recommendation.technique != null and plan.technique != recommendation.technique and not plan.not_offered': (_c196, ('plan.not_offered', 'plan.technique', 'recommendation.plan_gap', 'recommendation.technique')),
    "estimates.plan.fits == 'tight' and estimates.plan.memory_gb > budget.gpu_memory_gb": (_c197, ('budget.gpu_memory_gb', 'estimates.plan.fits', 'estimates.plan.memory_gb')),
    "estimates.plan.fits == 'tight' and estimates.plan.memory_gb <= budget.gpu_memory_gb": (_c198, ('budget.gpu_memory_gb', 'estimates.plan.fits', 'estimates.plan.memory_gb')),
    "plan.strategy == null and recommendation.strategy != 'change_base_model'": (_c199, ('plan.strategy', 'recommendation.strategy')),
    "estimates.plan.fits == 'no' or estimates.longest.plan.fits == 'no'": (_c200, ('estimates.longest.plan.fits', 'estimates.plan.fits')),
    "estimates.plan.fits != 'no'": (_c201, ('estimates.plan.fits',)),
    "estimates.plan.fits == 'no' and estimates.plan.sharded_fits != 'no'": (_c202, ('estimates.plan.fits', 'estimates.plan.sharded_fits')),
    "estimates.fitting and estimates.plan.sharded_fits == 'no'": (_c203, ('estimates.fitting', 'estimates.plan.sharded_fits')),
    "estimates.plan.fits != 'no' and ((recommendation.technique == 'full' and estimates.stated.full.fits == 'no')\n     or (recommendation.technique == 'lora' and estimates.stated.lora.fits == 'no')\n     or (recommendation.technique == 'qlora' and estimates.stated.qlora.fits == 'no'))": (_c204, ('estimates.plan.fits', 'estimates.stated.full.fits', 'estimates.stated.lora.fits', 'estimates.stated.qlora.fits', 'recommendation.technique')),
    "recommendation.technique == 'full'": (_c205, ('recommendation.technique',)),
    "recommendation.technique == 'lora'": (_c206, ('recommendation.technique',)),
    "recommendation.technique == 'qlora'": (_c207, ('recommendation.technique',)),
    "training.cpu_offload == true and budget.cpu_memory_gb != null and ((estimates.plan.host_memory_gb != null\n      and estimates.plan.host_memory_gb > budget.cpu_memory_gb)\n     or (recommendation.technique == 'full'\n         and estimates.full.host_memory_gb > budget.cpu_memory_gb)\n     or (recommendation.technique in ['lora', 'adapters']\n         and estimates.lora.host_memory_gb > budget.cpu_memory_gb)\n     or (recommendation.technique == 'qlora'\n         and estimates.qlora.host_memory_gb > budget.cpu_memory_gb))": (_c208, ('budget.cpu_memory_gb', 'estimates.full.host_memory_gb', 'estimates.lora.host_memory_gb', 'estimates.plan.host_memory_gb', 'estimates.qlora.host_memory_gb', 'recommendation.technique', 'training.cpu_offload')),
    'estimates.plan.host_memory_gb != null': (_c209, ('estimates.plan.host_memory_gb',)),
    "recommendation.technique in ['lora', 'adapters']": (_c210, ('recommendation.technique',)),
    "training.cpu_offload == true and budget.cpu_memory_gb == null and (estimates.plan.host_memory_gb != null\n     or (not plan.fine_tuning\n         and ((recommendation.technique == 'full' and estimates.full.host_memory_gb != null)\n              or (recommendation.technique in ['lora', 'adapters']\n                  and estimates.lora.host_memory_gb != null)\n              or (recommendation.technique == 'qlora'\n                  and estimates.qlora.host_memory_gb != null))))": (_c211, ('budget.cpu_memory_gb', 'estimates.full.host_memory_gb', 'estimates.lora.host_memory_gb', 'estimates.plan.host_memory_gb', 'estimates.qlora.host_memory_gb', 'plan.fine_tuning', 'recommendation.technique', 'training.cpu_offload')),
    "estimates.plan.host_memory_gb == null and recommendation.technique == 'full'": (_c212, ('estimates.plan.host_memory_gb', 'recommendation.technique')),
    "estimates.plan.host_memory_gb == null and recommendation.technique in ['lora', 'adapters']": (_c213, ('estimates.plan.host_memory_gb', 'recommendation.technique')),
    "estimates.plan.host_memory_gb == null and recommendation.technique == 'qlora'": (_c214, ('estimates.plan.host_memory_gb', 'recommendation.technique')),
    "(recommendation.fine_tuning or plan.fine_tuning) and training.precision == 'fp16-mixed' and model.fp16_unstable and model.weights == 'open'": (_c215, ('model.fp16_unstable', 'model.weights', 'plan.fine_tuning', 'recommendation.fine_tuning', 'training.precision')),
    "budget.gpu_others_smaller_gb != null and ((recommendation.technique == 'full'\n      and estimates.full.memory_gb > budget.gpu_others_smaller_gb)\n     or (recommendation.technique in ['lora', 'adapters']\n         and estimates.lora.memory_gb > budget.gpu_others_smaller_gb)\n     or (recommendation.technique == 'qlora'\n         and estimates.qlora.memory_gb > budget.gpu_others_smaller_gb))": (_c216, ('budget.gpu_others_smaller_gb', 'estimates.full.memory_gb', 'estimates.lora.memory_gb', 'estimates.qlora.memory_gb', 'recommendation.technique')),
    "budget.gpu_others and (recommendation.fine_tuning or plan.fine_tuning) and not (budget.gpu_others_smaller_gb != null\n         and ((recommendation.technique == 'full'\n               and estimates.full.memory_gb > budget.gpu_others_smaller_gb)\n              or (recommendation.technique in ['lora', 'adapters']\n                  and estimates.lora.memory_gb > budget.gpu_others_smaller_gb)\n              or (recommendation.technique == 'qlora'\n                  and estimates.qlora.memory_gb > budget.gpu_others_smaller_gb)))": (_c217, ('budget.gpu_others', 'budget.gpu_others_smaller_gb', 'estimates.full.memory_gb', 'estimates.lora.memory_gb', 'estimates.qlora.memory_gb', 'plan.fine_tuning', 'recommendation.fine_tuning', 'recommendation.technique')),
    "(recommendation.fine_tuning or plan.fine_tuning) and budget.gpu_bf16 == false and (training.precision == 'bf16-mixed' or training.precision == 'bf16-true') and model.weights == 'open'": (_c218, ('budget.gpu_bf16', 'model.weights', 'plan.fine_tuning', 'recommendation.fine_tuning', 'training.precision')),
    'not model.fp16_unstable': (_c219, ('model.fp16_unstable',)),
    'model.fp16_unstable': (_c220, ('model.fp16_unstable',)),
    "training.micro_batch_size != null and training.micro_batch_size > 1 and data.modality in ['text', 'code'] and ((recommendation.technique == 'lora' and estimates.lora.fits == 'tight'\n      and estimates.lora.memory_gb\n          > budget.gpu_memory_gb * thresholds.micro_batch_warning_factor)\n     or (recommendation.technique == 'qlora' and estimates.qlora.fits == 'tight'\n         and estimates.qlora.memory_gb\n             > budget.gpu_memory_gb * thresholds.micro_batch_warning_factor)\n     or (recommendation.technique == 'full' and estimates.full.fits == 'tight'\n         and estimates.full.memory_gb\n             > budget.gpu_memory_gb * thresholds.micro_batch_warning_factor))": (_c221, ('budget.gpu_memory_gb', 'data.modality', 'estimates.full.fits', 'estimates.full.memory_gb', 'estimates.lora.fits', 'estimates.lora.memory_gb', 'estimates.qlora.fits', 'estimates.qlora.memory_gb', 'recommendation.technique', 'thresholds.micro_batch_warning_factor', 'training.micro_batch_size')),
    "estimates.longest.plan.fits != 'no' and ((recommendation.technique == 'lora' and estimates.longest.lora.fits != 'yes'\n      and estimates.longest.lora.memory_gb > budget.gpu_memory_gb)\n     or (recommendation.technique == 'qlora' and estimates.longest.qlora.fits != 'yes'\n         and estimates.longest.qlora.memory_gb > budget.gpu_memory_gb)\n     or (recommendation.technique == 'full' and estimates.longest.full.fits != 'yes'\n         and estimates.longest.full.memory_gb > budget.gpu_memory_gb))": (_c222, ('budget.gpu_memory_gb', 'estimates.longest.full.fits', 'estimates.longest.full.memory_gb', 'estimates.longest.lora.fits', 'estimates.longest.lora.memory_gb', 'estimates.longest.plan.fits', 'estimates.longest.qlora.fits', 'estimates.longest.qlora.memory_gb', 'recommendation.technique')),
    "full.warranted and estimates.full.fits == 'no' and plan.strategy != 'full_fine_tune'": (_c223, ('estimates.full.fits', 'full.warranted', 'plan.strategy')),
    'estimates.fitting': (_c224, ('estimates.fitting',)),
    "(recommendation.strategy == 'peft'\n or (fine_tuning.fits_nowhere and recommendation.strategy == 'change_base_model'))\nand estimates.lora.fits == 'no' and estimates.qlora.fits == 'no'": (_c225, ('estimates.lora.fits', 'estimates.qlora.fits', 'fine_tuning.fits_nowhere', 'recommendation.strategy')),
    'estimates.qlora.sequence_percent >= thresholds.sequence_dominant_percent': (_c226, ('estimates.qlora.sequence_percent', 'thresholds.sequence_dominant_percent')),
    'feasibility.suggestions': (_c227, ('feasibility.suggestions',)),
    'estimates.qlora.gpus_needed != null': (_c228, ('estimates.qlora.gpus_needed',)),
    'not (estimates.qlora.sequence_percent >= thresholds.sequence_dominant_percent)': (_c229, ('estimates.qlora.sequence_percent', 'thresholds.sequence_dominant_percent')),
    "recommendation.technique == 'lora' and ((budget.usd != null and estimates.lora.usd != null\n      and estimates.lora.usd > budget.usd)\n     or (budget.gpu_hours != null and estimates.lora.gpu_hours != null\n         and estimates.lora.gpu_hours > budget.gpu_hours))": (_c230, ('budget.gpu_hours', 'budget.usd', 'estimates.lora.gpu_hours', 'estimates.lora.usd', 'recommendation.technique')),
    'budget.usd != null': (_c231, ('budget.usd',)),
    'budget.gpu_hours != null': (_c232, ('budget.gpu_hours',)),
    "recommendation.technique == 'qlora' and ((budget.usd != null and estimates.qlora.usd != null\n      and estimates.qlora.usd > budget.usd)\n     or (budget.gpu_hours != null and estimates.qlora.gpu_hours != null\n         and estimates.qlora.gpu_hours > budget.gpu_hours))": (_c233, ('budget.gpu_hours', 'budget.usd', 'estimates.qlora.gpu_hours', 'estimates.qlora.usd', 'recommendation.technique')),
    "recommendation.technique == 'full' and ((budget.usd != null and estimates.full.usd != null\n      and estimates.full.usd > budget.usd)\n     or (budget.gpu_hours != null and estimates.full.gpu_hours != null\n         and estimates.full.gpu_hours > budget.gpu_hours))": (_c234, ('budget.gpu_hours', 'budget.usd', 'estimates.full.gpu_hours', 'estimates.full.usd', 'recommendation.technique')),
    "(recommendation.technique == 'hosted_tuning'\n or (plan.fine_tuning and model.weights == 'hosted'))\nand budget.usd != null and hosted.tuning_usd != null and hosted.tuning_usd > budget.usd": (_c235, ('budget.usd', 'hosted.tuning_usd', 'model.weights', 'plan.fine_tuning', 'recommendation.technique')),
    "recommendation.strategy == 'in_context' and estimates.in_context.fits == 'no'": (_c236, ('estimates.in_context.fits', 'recommendation.strategy')),
    "task.type == 'embedding' and model.generative and not model.does_task": (_c237, ('model.does_task', 'model.generative', 'task.type')),
    "recommendation.strategy == 'change_base_model' and language.match == false and language.suggestions": (_c238, ('language.match', 'language.suggestions', 'recommendation.strategy')),
    "recommendation.strategy == 'change_base_model' and language.direction_match == false and language.direction_suggestions and model.directions": (_c239, ('language.direction_match', 'language.direction_suggestions', 'model.directions', 'recommendation.strategy')),
    "recommendation.strategy == 'change_base_model' and language.direction_match == false and language.direction_suggestions": (_c240, ('language.direction_match', 'language.direction_suggestions', 'recommendation.strategy')),
    "tabular.prediction and model.modality != 'tabular'": (_c241, ('model.modality', 'tabular.prediction')),
    'model.weak_prompting_matters': (_c242, ('model.weak_prompting_matters',)),
    'not model.promptable and not model.does_task': (_c243, ('model.does_task', 'model.promptable')),
    'prompting.meets_target == true and recommendation.fine_tuning': (_c244, ('prompting.meets_target', 'recommendation.fine_tuning')),
    'prompting.meets_target == false': (_c245, ('prompting.meets_target',)),
    'data.labeled_examples == 0 and model.instruction_tuned == false and not model.instruct_variant and not model.does_task': (_c246, ('data.labeled_examples', 'model.does_task', 'model.instruct_variant', 'model.instruction_tuned')),
    'model.does_task and not model.promptable and data.labeled_examples > 0': (_c247, ('data.labeled_examples', 'model.does_task', 'model.promptable')),
    'data.labeled_examples >= thresholds.in_context_max_examples': (_c248, ('data.labeled_examples', 'thresholds.in_context_max_examples')),
    'language.match == false and language.suggestions': (_c249, ('language.match', 'language.suggestions')),
    "prompting.meets_target == true and knowledge.needed and examples.in_prompt > 0 and serving.requests_per_day >= thresholds.high_volume_requests_per_day and data.labeled_examples >= thresholds.in_context_max_examples and model.weights != 'closed'": (_c250, ('data.labeled_examples', 'examples.in_prompt', 'knowledge.needed', 'model.weights', 'prompting.meets_target', 'serving.requests_per_day', 'thresholds.high_volume_requests_per_day', 'thresholds.in_context_max_examples')),
    'knowledge.needed': (_c251, ('knowledge.needed',)),
    'fine_tuning.fits_nowhere': (_c252, ('fine_tuning.fits_nowhere',)),
    "recommendation.strategy == 'full_fine_tune' and full.cheap": (_c253, ('full.cheap', 'recommendation.strategy')),
    "recommendation.strategy == 'full_fine_tune'": (_c254, ('recommendation.strategy',)),
    'data.labeled_examples == 0': (_c255, ('data.labeled_examples',)),
    'model.does_task and prompting.meets_target != false': (_c256, ('model.does_task', 'prompting.meets_target')),
    "task.type == 'embedding' and model.generative and not model.does_task and not data.large": (_c257, ('data.large', 'model.does_task', 'model.generative', 'task.type')),
    'data.few and model.head_fits': (_c258, ('data.few', 'model.head_fits')),
    'data.few': (_c259, ('data.few',)),
    "model.weights != 'open'": (_c260, ('model.weights',)),
    'data.labeled_examples < thresholds.full_min_examples and not full.cheap': (_c261, ('data.labeled_examples', 'full.cheap', 'thresholds.full_min_examples')),
    "estimates.full.fits == 'no'": (_c262, ('estimates.full.fits',)),
    'full.beyond_one_server and full.warranted and budget.gpus == 1': (_c263, ('budget.gpus', 'full.beyond_one_server', 'full.warranted')),
    'full.beyond_one_server and full.warranted': (_c264, ('full.beyond_one_server', 'full.warranted')),
    'full.cheap and data.few and not recommendation.fine_tuning': (_c265, ('data.few', 'full.cheap', 'recommendation.fine_tuning')),
    'full.cheap and data.few and recommendation.fine_tuning': (_c266, ('data.few', 'full.cheap', 'recommendation.fine_tuning')),
    "full.cheap and task.complexity == 'low' and recommendation.fine_tuning": (_c267, ('full.cheap', 'recommendation.fine_tuning', 'task.complexity')),
    'full.cheap and recommendation.fine_tuning': (_c268, ('full.cheap', 'recommendation.fine_tuning')),
    "not budget.significant and budget.covers_full and budget.level == 'low'": (_c269, ('budget.covers_full', 'budget.level', 'budget.significant')),
    "not budget.significant and estimates.full.usd != null and budget.level == 'low' and budget.usd == null and budget.gpu_hours == null": (_c270, ('budget.gpu_hours', 'budget.level', 'budget.significant', 'budget.usd', 'estimates.full.usd')),
    'not budget.significant and estimates.full.usd != null and (budget.usd != null or budget.gpu_hours != null or budget.level != null)': (_c271, ('budget.gpu_hours', 'budget.level', 'budget.significant', 'budget.usd', 'estimates.full.usd')),
    'not budget.significant and estimates.full.usd != null': (_c272, ('budget.significant', 'estimates.full.usd')),
    'not budget.significant': (_c273, ('budget.significant',)),
    "task.complexity == 'low'": (_c274, ('task.complexity',)),
    'language.direction_match == false and language.cascade_suggestions': (_c275, ('language.cascade_suggestions', 'language.direction_match')),
    "modality.match == 'no' and not modality.suggestions": (_c276, ('modality.match', 'modality.suggestions')),
    "modality.match != 'no' and not modality.frames_only and tabular.prediction and data.labeled_examples == 0 and model.modality == 'tabular'": (_c277, ('data.labeled_examples', 'modality.frames_only', 'modality.match', 'model.modality', 'tabular.prediction')),
    "modality.match != 'no' and not modality.frames_only and tabular.prediction and data.labeled_examples > 0": (_c278, ('data.labeled_examples', 'modality.frames_only', 'modality.match', 'tabular.prediction')),
    "modality.match != 'no' and not modality.frames_only and tabular.prediction and task.suggestions and 0 < data.labeled_examples <= thresholds.tabular_in_context_max_rows": (_c279, ('data.labeled_examples', 'modality.frames_only', 'modality.match', 'tabular.prediction', 'task.suggestions', 'thresholds.tabular_in_context_max_rows')),
    "modality.match != 'no' and not modality.frames_only and architecture.mismatch and task.suggestions": (_c280, ('architecture.mismatch', 'modality.frames_only', 'modality.match', 'task.suggestions')),
    "modality.match != 'no' and not modality.frames_only and architecture.mismatch and not task.suggestions": (_c281, ('architecture.mismatch', 'modality.frames_only', 'modality.match', 'task.suggestions')),
    "modality.match != 'no' and not modality.frames_only and language.match == false and language.suggestions": (_c282, ('language.match', 'language.suggestions', 'modality.frames_only', 'modality.match')),
    "modality.match != 'no' and not modality.frames_only and language.direction_match == false and language.direction_suggestions": (_c283, ('language.direction_match', 'language.direction_suggestions', 'modality.frames_only', 'modality.match')),
    "modality.match != 'no' and not modality.frames_only and fine_tuning.fits_nowhere and estimates.qlora.sequence_percent >= thresholds.sequence_dominant_percent": (_c284, ('estimates.qlora.sequence_percent', 'fine_tuning.fits_nowhere', 'modality.frames_only', 'modality.match', 'thresholds.sequence_dominant_percent')),
    "modality.match != 'no' and not modality.frames_only and fine_tuning.fits_nowhere and feasibility.suggestions": (_c285, ('feasibility.suggestions', 'fine_tuning.fits_nowhere', 'modality.frames_only', 'modality.match')),
    "modality.match != 'no' and not modality.frames_only and fine_tuning.fits_nowhere and estimates.qlora.gpus_needed != null": (_c286, ('estimates.qlora.gpus_needed', 'fine_tuning.fits_nowhere', 'modality.frames_only', 'modality.match')),
    "modality.match != 'no' and not modality.frames_only and model.weak_prompting_matters and not tabular.prediction and not architecture.mismatch and not (model.sequence_model and data.prose)": (_c287, ('architecture.mismatch', 'data.prose', 'modality.frames_only', 'modality.match', 'model.sequence_model', 'model.weak_prompting_matters', 'tabular.prediction')),
    "task.type == 'embedding' and model.generative and not model.does_task and task.suggestions and data.labeled_examples > 0": (_c288, ('data.labeled_examples', 'model.does_task', 'model.generative', 'task.suggestions', 'task.type')),
    "model.weights == 'closed' and prompting.meets_target == false": (_c289, ('model.weights', 'prompting.meets_target')),
    'data.labeled_examples == 0 and task.type in model.trained_for and model.label_set != null': (_c290, ('data.labeled_examples', 'model.label_set', 'model.trained_for', 'task.type')),
    "modality.match != 'no' and not modality.frames_only and data.labeled_examples == 0 and not tabular.prediction and not architecture.mismatch and not model.weak_prompting_matters and not (language.match == false and language.suggestions) and not (language.direction_match == false and language.direction_suggestions) and task.suggestions": (_c291, ('architecture.mismatch', 'data.labeled_examples', 'language.direction_match', 'language.direction_suggestions', 'language.match', 'language.suggestions', 'modality.frames_only', 'modality.match', 'model.weak_prompting_matters', 'tabular.prediction', 'task.suggestions')),
    "modality.match != 'no' and not modality.frames_only and data.labeled_examples == 0 and not tabular.prediction and not architecture.mismatch and not model.weak_prompting_matters and not (language.match == false and language.suggestions) and not (language.direction_match == false and language.direction_suggestions) and not task.suggestions and task.type != 'other' and not language.cascade_suggestions": (_c292, ('architecture.mismatch', 'data.labeled_examples', 'language.cascade_suggestions', 'language.direction_match', 'language.direction_suggestions', 'language.match', 'language.suggestions', 'modality.frames_only', 'modality.match', 'model.weak_prompting_matters', 'tabular.prediction', 'task.suggestions', 'task.type')),
    "modality.match != 'no' and not modality.frames_only and data.labeled_examples == 0 and not tabular.prediction and not architecture.mismatch and not model.weak_prompting_matters and not (language.match == false and language.suggestions) and not (language.direction_match == false and language.direction_suggestions) and not task.suggestions and task.type == 'other'": (_c293, ('architecture.mismatch', 'data.labeled_examples', 'language.direction_match', 'language.direction_suggestions', 'language.match', 'language.suggestions', 'modality.frames_only', 'modality.match', 'model.weak_prompting_matters', 'tabular.prediction', 'task.suggestions', 'task.type')),
    "tabular.prediction and model.modality != 'tabular' and data.labeled_examples == 0": (_c294, ('data.labeled_examples', 'model.modality', 'tabular.prediction')),
    "model.instruction_tuned == false and model.instruct_variant and model.promptable and not model.does_task and task.type not in ['embedding', 'ranking'] and prompting.meets_target != true": (_c295, ('model.does_task', 'model.instruct_variant', 'model.instruction_tuned', 'model.promptable', 'prompting.meets_target', 'task.type')),
    'knowledge.needed and data.labeled_examples >= thresholds.in_context_max_examples': (_c296, ('data.labeled_examples', 'knowledge.needed', 'thresholds.in_context_max_examples')),
    "knowledge.needed and prompting.meets_target == true and examples.in_prompt > 0 and serving.requests_per_day >= thresholds.high_volume_requests_per_day and data.labeled_examples >= thresholds.in_context_max_examples and model.weights != 'closed'": (_c297, ('data.labeled_examples', 'examples.in_prompt', 'knowledge.needed', 'model.weights', 'prompting.meets_target', 'serving.requests_per_day', 'thresholds.high_volume_requests_per_day', 'thresholds.in_context_max_examples')),
    "recommendation.technique == 'zero_shot' and model.does_task and (not model.promptable or model.instruction_tuned == false) and model.modality != 'tabular' and data.labeled_examples > 0": (_c298, ('data.labeled_examples', 'model.does_task', 'model.instruction_tuned', 'model.modality', 'model.promptable', 'recommendation.technique')),
    'data.labeled_examples == 0 and not prompting.tried and prompting.meets_target == null and model.promptable and not knowledge.needed and not (model.does_task and model.instruction_tuned == false)': (_c299, ('data.labeled_examples', 'knowledge.needed', 'model.does_task', 'model.instruction_tuned', 'model.promptable', 'prompting.meets_target', 'prompting.tried')),
    "recommendation.technique == 'zero_shot' and model.does_task and (not model.promptable or model.instruction_tuned == false) and model.modality != 'tabular' and data.labeled_examples == 0": (_c300, ('data.labeled_examples', 'model.does_task', 'model.instruction_tuned', 'model.modality', 'model.promptable', 'recommendation.technique')),
    'examples.fit_in_context == 0 and data.labeled_examples > 0 and model.promptable and not knowledge.needed': (_c301, ('data.labeled_examples', 'examples.fit_in_context', 'knowledge.needed', 'model.promptable')),
    "recommendation.technique == 'zero_shot' and data.labeled_examples > 0 and examples.fit_in_context != 0 and model.promptable and not knowledge.needed": (_c302, ('data.labeled_examples', 'examples.fit_in_context', 'knowledge.needed', 'model.promptable', 'recommendation.technique')),
    "prompting.meets_target == true and recommendation.strategy == 'in_context' and model.promptable and not knowledge.needed": (_c303, ('knowledge.needed', 'model.promptable', 'prompting.meets_target', 'recommendation.strategy')),
    "data.labeled_examples > 0 and examples.in_prompt > 0 and model.promptable and not knowledge.needed and recommendation.technique != 'zero_shot' and prompting.meets_target != true": (_c304, ('data.labeled_examples', 'examples.in_prompt', 'knowledge.needed', 'model.promptable', 'prompting.meets_target', 'recommendation.technique')),
    "data.labeled_examples > examples.in_prompt and examples.in_prompt > 0 and model.promptable and not knowledge.needed and recommendation.technique != 'zero_shot' and prompting.meets_target != true": (_c305, ('data.labeled_examples', 'examples.in_prompt', 'knowledge.needed', 'model.promptable', 'prompting.meets_target', 'recommendation.technique')),
    'data.labeled_examples > 0 and model.promptable': (_c306, ('data.labeled_examples', 'model.promptable')),
    "prompting.meets_target == null and model.weights == 'hosted' and model.tuning.service != null": (_c307, ('model.tuning.service', 'model.weights', 'prompting.meets_target')),
    "prompting.meets_target == null and model.weights == 'hosted' and model.tuning.service == null": (_c308, ('model.tuning.service', 'model.weights', 'prompting.meets_target')),
    "prompting.meets_target == null and model.weights == 'open' and not tabular.prediction and not model.small": (_c309, ('model.small', 'model.weights', 'prompting.meets_target', 'tabular.prediction')),
    "prompting.meets_target == null and model.weights == 'open' and not tabular.prediction and model.small": (_c310, ('model.small', 'model.weights', 'prompting.meets_target', 'tabular.prediction')),
    "prompting.meets_target == false and model.weights == 'open'": (_c311, ('model.weights', 'prompting.meets_target')),
    "prompting.meets_target == false and model.weights == 'hosted' and model.tuning.service != null and model.tuning.min_examples != null": (_c312, ('model.tuning.min_examples', 'model.tuning.service', 'model.weights', 'prompting.meets_target')),
    "prompting.meets_target == false and model.weights == 'hosted' and (model.tuning.service == null or model.tuning.min_examples == null)": (_c313, ('model.tuning.min_examples', 'model.tuning.service', 'model.weights', 'prompting.meets_target')),
    "data.few and not model.promptable and model.architecture == 'encoder' and task.type == 'classification'": (_c314, ('data.few', 'model.architecture', 'model.promptable', 'task.type')),
    "not prompting.tried and model.promptable and not model.weak_prompting_matters and task.type != 'embedding'": (_c315, ('model.promptable', 'model.weak_prompting_matters', 'prompting.tried', 'task.type')),
    'not prompting.tried and model.does_task and not model.promptable': (_c316, ('model.does_task', 'model.promptable', 'prompting.tried')),
    "not prompting.tried and task.type == 'embedding' and not model.does_task and task.suggestions": (_c317, ('model.does_task', 'prompting.tried', 'task.suggestions', 'task.type')),
    "model.instruction_tuned == false and model.instruct_variant and not model.does_task and task.type not in ['embedding', 'ranking']": (_c318, ('model.does_task', 'model.instruct_variant', 'model.instruction_tuned', 'task.type')),
    "input.overflow and data.modality != 'time-series'": (_c319, ('data.modality', 'input.overflow')),
    "recommendation.technique == 'hosted_tuning' and model.tuning.service != null and model.tuning.methods != ['reinforcement']": (_c320, ('model.tuning.methods', 'model.tuning.service', 'recommendation.technique')),
    "recommendation.technique == 'hosted_tuning' and model.tuning.service != null and model.tuning.methods == ['reinforcement']": (_c321, ('model.tuning.methods', 'model.tuning.service', 'recommendation.technique')),
    "recommendation.technique == 'hosted_tuning' and model.tuning.service == null": (_c322, ('model.tuning.service', 'recommendation.technique')),
    "budget.gpu_bf16 == false and recommendation.technique != 'hosted_tuning' and not model.fp16_unstable": (_c323, ('budget.gpu_bf16', 'model.fp16_unstable', 'recommendation.technique')),
    "budget.gpu_bf16 == false and recommendation.technique != 'hosted_tuning' and model.fp16_unstable": (_c324, ('budget.gpu_bf16', 'model.fp16_unstable', 'recommendation.technique')),
    "recommendation.technique == 'adapters'": (_c325, ('recommendation.technique',)),
    "recommendation.technique == 'lora' or recommendation.technique == 'qlora'": (_c326, ('recommendation.technique',)),
    "recommendation.technique == 'hosted_tuning' or recommendation.technique == 'adapters'": (_c327, ('recommendation.technique',)),
    'not model.small': (_c328, ('model.small',)),
    "not model.small and task.type != 'embedding'": (_c329, ('model.small', 'task.type')),
    'model.small': (_c330, ('model.small',)),
    'budget.gpu_bf16 == false and not model.fp16_unstable': (_c331, ('budget.gpu_bf16', 'model.fp16_unstable')),
    'budget.gpu_bf16 == false and model.fp16_unstable': (_c332, ('budget.gpu_bf16', 'model.fp16_unstable')),
    "task.type == 'embedding'": (_c333, ('task.type',)),
    "model.small and model.architecture == 'encoder' and model.modality == 'text' and task.type != 'embedding' and not embedder.few_shot": (_c334, ('embedder.few_shot', 'model.architecture', 'model.modality', 'model.small', 'task.type')),
    "model.small and model.modality == 'multimodal' and len(model.zero_shot_tasks) > 0 and task.type in ['image-classification', 'classification']": (_c335, ('model.modality', 'model.small', 'model.zero_shot_tasks', 'task.type')),
    "model.small and not (model.architecture == 'encoder' and model.modality == 'text') and task.type != 'embedding' and not (model.modality == 'multimodal' and len(model.zero_shot_tasks) > 0\n         and task.type in ['image-classification', 'classification'])": (_c336, ('model.architecture', 'model.modality', 'model.small', 'model.zero_shot_tasks', 'task.type')),
}
