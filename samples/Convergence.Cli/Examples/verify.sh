#!/usr/bin/env bash
# The example's verifier: exit 0 when the artifact (the file named by $1) no longer trusts the client's file name.
# A real project runs its tests here; stdout and stderr are the feedback the builder gets.
if ! grep -q 'GetRandomFileName\|GetFileName(' "$1"; then
  echo "the client's file name still reaches Path.Combine unchanged (use Path.GetFileName or a generated name)"
  exit 1
fi
echo "checks=1 failed=0"
