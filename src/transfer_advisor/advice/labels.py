"""The readers of what a task's description says of a fixed head's labels: whether it names the
head's label set, by a term ("COCO classes") or by listing its classes ("people, cars and
bicycles"), and whether it states labels of its own beside them ("bananas graded as ripe or
overripe"). ``advice.label_facts`` turns them into facts.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from functools import lru_cache


def first_term(text: str, terms: Sequence[str], but: Sequence[str] = ()) -> str | None:
    """The first of ``terms`` (lower case) that starts a word of a description ("track" in
    "tracking", "json" in "JSON", not "track" in "soundtrack"), outside the phrases of ``but``
    ("tracking number"), or None."""
    text = text.lower()
    for phrase in but:
        text = text.replace(phrase, " ")
    return next(
        (t for t in terms if t in text and re.search(rf"(?<![a-z]){re.escape(t)}", text)), None
    )


def names_label_set(
    description: str, terms: Sequence[str], negations: Sequence[str], label_set: str
) -> bool:
    """Whether a description names a model's label set ("people and cars, COCO classes"),
    not to deny it ("not a COCO category", "non-COCO classes"): no negation among the five
    words before the term, which must end where a word ends (not "cocoa"). A term joined by a
    hyphen to a qualifier the label set does not have names another set ("ImageNet-21k" beside
    the 1,000 classes of ImageNet-1k, "COCO-Stuff")."""
    text = description.lower()
    own = set(re.split(r"[^a-z0-9]+", label_set.lower()))
    for term in terms:
        if term.lower() not in text:
            continue
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(term.lower())}(?![a-z])", text):
            qualifier = re.match(r"-([a-z0-9]+)", text[match.end() :])
            if qualifier is not None and qualifier.group(1) not in own:
                continue
            start = max(0, match.start() - _LOOK_BACK)
            before = [word for word in re.split(r"[^a-z]+", text[start : match.start()]) if word][
                -5:
            ]
            if not negations or not set(before).intersection(negations):
                return True
    return False


#: How much of a description the label readers read.
READ_LIMIT = 4_000
#: How far the readers look before a class (its verb, a place word, a negation within five
#: words) and after a marker for the labels it introduces: bounded, so that a long hostile
#: description costs linear time, not quadratic.
_LOOK_BACK = 200
_LOOK_AHEAD = 600
#: What joins the items of a list: "people, cars and bicycles", "cats & dogs".
_LIST_JOINER = re.compile(
    r"\s*(?:,\s*(?:and|or)\b|,?\s*\b(?:as well as|along with|together with)\b"
    r"|,|&|/|\band\b|\bor\b)\s*(?:(?:a|an|the)\s+)?"
)
#: What goes on from a list to a further item: "and", "or", ",", "&", "plus", "as well as",
#: "along with", "together with", "; also", ". Also".
_GOES_ON = (
    r"(?:,|&|\band\b|\bor\b|\bplus\b|\bas well as\b|\balong with\b"
    r"|\btogether with\b|[;.]\s*also\b)"
)
#: A list that goes on before or after the classes found, with an item that is none of them.
_LIST_GOES_ON_AFTER = re.compile(rf"\s*{_GOES_ON}\s*[a-z]")
_LIST_GOES_ON_BEFORE = re.compile(r"(?:,|&|\band|\bor)\s*$")
#: The same after a word that says what the listed classes are: "person and organization
#: names and job titles", "PER, ORG and LOC entities and product codes".
_LIST_GOES_ON_AFTER_NOUN = re.compile(
    rf"\s+(?:names|entities|entity|mentions|objects|instances|tags|types)\s*{_GOES_ON}\s*[a-z]"
)


#: Where a description states its labels: "as ripe or overripe", "into red, white or black",
#: "(compliant, non-compliant)", "sentiment: positive, negative or mixed"; and "whether", which
#: asks a yes-or-no question of the objects.
_LABELS_FOLLOW = re.compile(
    r"\b(?:(?<!\bwell\s)as(?!\s+well\s+as\b)|into)\s+|\(|:\s*|\bwhether\b"  # not "as well as"
)
_LIST_END = re.compile(r"[.;:)\n]")


def _states_other_labels(
    text: str, pattern: re.Pattern[str], terms: Sequence[str] = (), languages: Container[str] = ()
) -> bool:
    """Whether a description states labels beside the classes it lists: a list of two or more
    items after "as", "into" or "(" with one that is no class ("as unripe, ripe or overripe")
    and does not name the set itself ("positive or negative, the two labels of SST-2"), a
    "whether" question that asks something of the objects it lists ("whether a safe or a
    desk has been tampered with"), not which of its classes applies (see :func:`_asks_which`)."""
    for marker in _LABELS_FOLLOW.finditer(text):
        stop = min(len(text), marker.end() + _LOOK_AHEAD)
        end = _LIST_END.search(text, marker.end(), stop)
        span = _THOUSANDS.sub("", text[marker.end() : end.start() if end else stop])
        items = [item.strip() for item in _LIST_JOINER.split(span) if item.strip()]
        if marker.group(0) == "whether":
            if not _asks_which(items, pattern, languages):
                return True
            continue
        # Each item must start with a class: the last runs on ("as benign or prompt injection
        # before they reach the model").
        if len(items) >= 2 and any(
            pattern.match(item) is None and not _names_set(item, terms) for item in items
        ):
            return True
    return False


def _asks_which(items: Sequence[str], pattern: re.Pattern[str], languages: Container[str]) -> bool:
    """Whether the items of a "whether" question ask which of a set's classes applies: two or
    more hold a class and the question ends on one ("whether a review is positive or
    negative", "whether it shows a goldfish or a tench"), or the classes it holds are
    ``languages``, what a text is written in ("whether emails are written in German, French
    or Italian"); not "whether a safe or a desk has been tampered with", which goes on."""
    named = [found for item in items for found in pattern.finditer(item)]
    if len({found.group(0) for found in named}) < 2:
        return False
    last = items[-1]
    return all(found.group(0) in languages for found in named) or any(
        found.end() == len(last) for found in pattern.finditer(last)
    )


#: A thousands separator: "1,000 classes" is one number, not a list.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _names_set(item: str, terms: Sequence[str]) -> bool:
    """Whether a list item is no label of its own: it names the label set, by one of its
    ``terms`` ("sst-2") or a count of its classes ("the two labels", "both coco 2017
    categories"), goes on with the set ("the rest of the 1,000", "etc."), or is a clause
    ("to flag unhappy customers")."""
    return (
        _SET_ITEM.match(item) is not None
        or _NO_LABEL.match(item) is not None
        or any(
            term in item and re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z])", item)
            for term in terms
        )
    )


@lru_cache(maxsize=32)
def _class_names(classes: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for every name of the classes and its plural, longest first, and the
    class each name stands for."""
    index: dict[str, int] = {}
    for number, entry in enumerate(classes):
        for name in entry.lower().split("/"):
            name = name.strip()
            forms = {name, name + "s", name + "es"}
            if " " not in name and len(name) > 3:  # a sound or an action: "barking", "coughing"
                forms.add((name[:-1] if name.endswith("e") else name) + "ing")
            if name.endswith("y"):
                forms.add(name[:-1] + "ies")
            if name.endswith("fe"):
                forms.add(name[:-2] + "ves")
            for form in forms:
                index.setdefault(form, number)
    names = sorted(index, key=lambda form: (-len(form), form))
    alternation = "|".join(re.escape(form) for form in names)
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"), index


def lists_classes(
    text: str,
    classes: Sequence[str],
    negations: Sequence[str],
    places: Sequence[str],
    languages: Container[str] = (),
) -> bool:
    """Whether a (lower-case) description lists two or more of a label set's classes and
    nothing else beside them ("count people, cars and bicycles"): not a list with other items
    ("forklifts, people and pallets"), not one after a word of ``places`` that makes its items
    where the targets are ("dents on cars and trucks"), not one denied ("no cats or dogs"),
    and not beside labels of its own ("bananas and lemons as ripe or overripe").
    A list of ``languages`` is what is written "in" them ("emails written in German, French or
    Italian"): the place words do not apply to it."""
    if not classes:
        return False
    pattern, index = _class_names(tuple(classes))
    found = [(m.start(), m.end(), index[m.group(0)]) for m in pattern.finditer(text)]
    # Languages are what a text is written in: "whether it is written in German or French"
    # asks which of them.
    if (len(found) >= 2 and not all(text[start:end] in languages for start, end, _ in found)
            and _states_other_labels(text, pattern)):  # fmt: skip
        return False
    first = 0
    while first < len(found):
        last = first
        while last + 1 < len(found) and _LIST_JOINER.fullmatch(
            text[found[last][1] : found[last + 1][0]]
        ):
            last += 1
        group = found[first : last + 1]
        first = last + 1
        if len({number for _, _, number in group}) < 2:
            continue
        before = text[max(0, group[0][0] - _LOOK_BACK) : group[0][0]]
        words = [word for word in re.split(r"[^a-z]+", before) if word]
        if (
            _LIST_GOES_ON_AFTER.match(text, group[-1][1]) is None
            and _LIST_GOES_ON_AFTER_NOUN.match(text, group[-1][1]) is None
            and _LIST_GOES_ON_BEFORE.search(before) is None
            and not (
                words
                and words[-1] in places
                and not all(text[start:end] in languages for start, end, _ in group)
            )
            and not set(words[-5:]).intersection(negations)
        ):
            return True
    return False


#: The verb before a class ("detect the"), and what follows the class: a word or the clause's end.
_VERB_BEFORE = re.compile(r"([a-z]+)\s+(?:(?:a|an|the|any|all)\s+)?$")
_AFTER_CLASS = re.compile(r"\s*(?:([a-z]+)|[.,;:!?)]|$)")


def names_one_class(
    text: str,
    classes: Sequence[str],
    verbs: Container[str],
    places: Container[str],
    negations: Sequence[str],
    media: Container[str] = (),
    further: Container[str] = (),
) -> bool:
    """Whether a (lower-case) description asks to find one class of a label set and nothing
    about it: one of ``verbs`` (or its "s" or "ing" form) just before the class, and after it
    the clause's end or a word of ``places`` ("detect people in lobby footage", "flag
    gunshots."), not "people wearing hard hats", "speech that mentions a recall" nor "people,
    cars and forklifts" (a list goes on); not denied ("do not detect dogs"). A word of
    ``media`` after the class is what it is heard or seen in ("flag angry callers"); a verb of
    ``further`` later on asks more of what is found ("and describe its breed")."""
    if not classes:
        return False
    pattern, _ = _class_names(tuple(classes))
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        verb = _VERB_BEFORE.search(before)
        if verb is None or not any(
            form in verbs for form in (verb.group(1), verb.group(1)[:-1], verb.group(1)[:-3])
        ):
            continue
        end = match.end()
        after = _AFTER_CLASS.match(text, end)
        if after is not None and after.group(1) in media:  # "angry callers", "angry speech"
            end = after.end()
            after = _AFTER_CLASS.match(text, end)
        if (
            after is None
            # "to" starts what is done with what is found: "detect cars to estimate traffic".
            or (
                after.group(1) is not None
                and after.group(1) not in places
                and after.group(1) != "to"
            )
            or _LIST_GOES_ON_AFTER.match(text, end) is not None  # other items
        ):
            continue
        words = [word for word in re.split(r"[^a-z]+", before) if word]
        if set(words[-5:]).intersection(negations):
            continue
        later = re.findall(r"[a-z]+", text[end : end + _LOOK_AHEAD])
        if not any(form in further for word in later for form in _verb_forms(word)):
            return True
    return False


def _verb_forms(word: str) -> tuple[str, ...]:
    """A word and the verbs it may be a form of: "describes", "describing" are "describe"."""
    stem = word.removesuffix("ing")
    return word, word.removesuffix("s"), stem, stem + "e"


#: Words of a list that describes the output, not the classes.
_OUTPUT_WORDS = frozenset(["class", "classes", "mask", "masks", "label", "labels"])


def states_classes(text: str, terms: Sequence[str]) -> bool:
    """Whether a (lower-case) description names classes to label: a list of two or more names
    of up to three words after "as", "into", "(" or ":" ("every pixel as road, sidewalk or
    sky"; not "tool: a labeller clicks each object and gets its mask", nor "(instance masks, a
    single class)"), a count of classes ("into 5 classes"), or one of ``terms`` ("semantic
    segmentation", "panoptic")."""
    for marker in _LABELS_FOLLOW.finditer(text):
        if marker.group(0) == "whether":
            continue
        stop = min(len(text), marker.end() + _LOOK_AHEAD)
        end = _LIST_END.search(text, marker.end(), stop)
        span = text[marker.end() : end.start() if end else stop]
        items = [item.split() for item in _LIST_JOINER.split(span) if item.strip()]
        # Names, not clauses, nor words for the output ("instance masks, a single class").
        if len(items) >= 2 and all(
            len(words) <= 3 and _OUTPUT_WORDS.isdisjoint(words) for words in items
        ):
            return True
    return first_term(text, terms) is not None or any(
        _count(m.group(1)) >= 2 for m in _CLASS_COUNT.finditer(text)
    )


def states_other_labels(
    text: str, classes: Sequence[str], terms: Sequence[str] = (), languages: Container[str] = ()
) -> bool:
    """Whether a (lower-case) description states labels of its own that are none of a label
    set's ``classes`` ("reviews as positive, negative or mixed" beside SST-2's two; see
    :func:`_states_other_labels`), or more classes than the set has ("9 ESG categories"
    beside FinBERT's three sentiments; a year is no count: "COCO 2017 categories")."""
    return bool(classes) and (
        _states_other_labels(text, _class_names(tuple(classes))[0], terms, languages)
        or any(_count(m.group(1)) > len(classes) for m in _CLASS_COUNT.finditer(text)
               if not _YEAR.fullmatch(m.group(1)))
        or any(_count(m.group(1)) > len(classes) for m in _CLASS_SCALE.finditer(text))
    )  # fmt: skip


#: Numbers a description spells out, for class counts ("nine ESG categories").
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER = rf"(\d{{1,3}}(?:,\d{{3}})+|\d+|{'|'.join(_NUMBER_WORDS)})"
#: A count of classes a description states: "into 9 ESG categories", "13 relation classes",
#: "six emotions".
_CLASS_COUNT = re.compile(
    rf"(?<![a-z0-9.,-]){_NUMBER}\s+(?:[a-z][a-z-]*\s+){{0,2}}?"
    r"(?:classes|categories|labels|grades|levels|types|topics|intents|tags|emotions|tiers)\b"
)
#: A scale or a count joined to its noun: "5-class", "5-way", "five-point", "1-5 star".
_CLASS_SCALE = re.compile(
    rf"(?<![a-z0-9.,]){_NUMBER}[- ](?:class|way|point|star|level|grade|category)\b"
)


#: A list item that counts the set's classes: "the two labels of sst-2", "its 80 classes".
_SET_ITEM = re.compile(
    rf"(?:(?:the|its|both|all|their)\s+(?:{_NUMBER}\s+)?|{_NUMBER}\s+)(?:[a-z0-9'-]+\s+){{0,2}}?"
    r"(?:classes|categories|labels|types|tags)\b"
)
#: A list item that is no label: the rest of the set, or a clause ("to flag", "so that").
_NO_LABEL = re.compile(
    r"(?:(?:the\s+)?rest\b|etc\b|and\s+so\s+on\b|so\s+on\b|(?:to|so|for|which|that|in\s+order|"
    r"before|after|when|where|because|then)\s)"
)
#: A year is no count of classes: "COCO 2017 categories".
_YEAR = re.compile(r"(?:19|20)\d\d")


def _count(number: str) -> int:
    """A number as a description writes it: digits (with thousands separators) or a word."""
    return _NUMBER_WORDS.get(number) or int(number.replace(",", ""))
