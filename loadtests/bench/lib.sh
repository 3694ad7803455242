# What the benchmark scripts share; sourced, never run.

# write_docs MARKER TABLE: replaces what stands between <!-- MARKER:start --> and
# <!-- MARKER:end --> in docs/benchmarks.md with TABLE (WRITE_DOCS=1 asks for it).
write_docs() {
  local marker=$1 table=$2 out
  out=$(mktemp)
  awk -v table="$table" -v start="<!-- $marker:start -->" -v end="<!-- $marker:end -->" '
    $0 == start {print; print table; skip=1; next}
    $0 == end {skip=0}
    !skip {print}' docs/benchmarks.md > "$out"
  cp "$out" docs/benchmarks.md
  rm -f "$out"
  echo "written to docs/benchmarks.md" >&2
}
