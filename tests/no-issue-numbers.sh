#!/bin/sh
# Comments and the README state the reason itself, never an issue number:
# a reader of the code does not have the tracker (STYLE.md, "Comments").
# Fails naming every line of src/ or README.md that cites one.
set -u
hits=$(grep -rnE "issue [0-9]+" src README.md)
if [ -n "$hits" ]; then
  printf '%s\n' "$hits"
  echo "FAIL: $(printf '%s\n' "$hits" | wc -l) lines cite an issue number (state the reason, or name the test)"
  exit 1
fi
echo "no-issue-numbers: none in src/ or README.md"
