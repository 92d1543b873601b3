#!/usr/bin/env bash
# Validates, generates and type-checks a spec project without writing into it: the project is
# copied to .tmp/acceptance/, generated twice (the second run must change nothing), checked with
# `hspec generate --check`, and the output compiled with tsc --strict against @hspec/runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

source_project=$1
work=.tmp/acceptance/$(basename "$source_project")
rm -rf "$work"
mkdir -p "$work"
cp -R "$source_project"/. "$work"/
chmod -R u+w "$work"

hspec() { node packages/cli/bin/hspec.js "$@"; }

echo "acceptance: $source_project"
hspec validate "$work"
hspec generate "$work"
hspec generate "$work" --check

out=$(node -e "const y=require('fs').readFileSync(process.argv[1],'utf8');const m=/^out:\s*(\S+)/m.exec(y);process.stdout.write(m?m[1]:'src/generated')" "$work/hspec.yaml")
runtime_types=$(pwd)/packages/runtime/dist/index.d.ts
cat > "$work/tsconfig.json" <<JSON
{
  "extends": "$(pwd)/tsconfig.base.json",
  "compilerOptions": {
    "noEmit": true,
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "baseUrl": ".",
    "paths": { "@hspec/runtime": ["$runtime_types"] },
    "types": ["node"],
    "typeRoots": ["$(pwd)/node_modules/@types"]
  },
  "include": ["$out/**/*.ts"]
}
JSON
node_modules/.bin/tsc -p "$work/tsconfig.json"
echo "acceptance: $(find "$work/$out" -name '*.ts' | wc -l) generated TypeScript files compile under tsc --strict"
