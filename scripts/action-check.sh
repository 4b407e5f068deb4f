#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml), as a script so that tests can run it the way
# the runner does. Inputs come only from the environment (never interpolated into code):
#   TRANSFER_ADVISOR  the command; INPUT_PATHS, INPUT_FAIL_ON, INPUT_RULES, INPUT_FORMAT,
#   INPUT_SARIF_FILE  the action's inputs; SUMMARY_PY  a Python with transfer-advisor installed;
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  the runner's files (optional here).
# It writes the findings in the chosen format to the log, the SARIF report if asked, a Markdown
# summary of the run, and `code=N` (check's exit code: 0 clean, 1 findings, 2 errors) to
# GITHUB_OUTPUT; it always exits 0, so the SARIF upload can run before the job fails.
set -u
fmt="${INPUT_FORMAT:-github}"
case "$fmt" in
  github|text|json|junit|gitlab) ;;
  *) echo "transfer-advisor: format must be github, text, json, junit or gitlab" >&2; fmt=github ;;
esac
args=(check)
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_RULES:-}" ]; then args+=(--rules "$INPUT_RULES"); fi
# Paths split on spaces and new lines, with globbing off: the input is never evaluated.
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-})
set +f
"$TRANSFER_ADVISOR" "${args[@]}" --format "$fmt" -- "${paths[@]}"
code=$?
output="${GITHUB_OUTPUT:-/dev/null}"
echo "code=$code" >> "$output"
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  if "$TRANSFER_ADVISOR" "${args[@]}" --format sarif --fail-on never --output "$INPUT_SARIF_FILE" -- "${paths[@]}"; then
    echo "sarif=$INPUT_SARIF_FILE" >> "$output"
  fi
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "${SUMMARY_PY:-}" ]; then
  "$TRANSFER_ADVISOR" "${args[@]}" --format json --fail-on never -- "${paths[@]}" \
    | "$SUMMARY_PY" -m transfer_advisor.check.summary >> "$GITHUB_STEP_SUMMARY" || true
fi
exit 0
