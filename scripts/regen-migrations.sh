#!/usr/bin/env bash
# Pre-release: each provider keeps one migration, "Initial". After a model change, regenerate both sets
# (same name, same commit) with this script. Once a release has shipped, add new migrations instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf migrations/Sqlite/* migrations/Postgres/* migrations/PolicyTracker
dotnet build migrations -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add Initial --no-build --project migrations --startup-project migrations \
    --context ${provider}PolicyTrackerDbContext --output-dir $provider --namespace PolicyTracker.Migrations.$provider >/dev/null
done
# EF places each snapshot under a folder named after its namespace; keep it beside its migration instead.
for provider in Sqlite Postgres; do
  mv migrations/PolicyTracker/Migrations/$provider/*.cs migrations/$provider/
done
rm -rf migrations/PolicyTracker migrations/design.db
dotnet build migrations -v q -nologo >/dev/null
echo "regenerated migrations/Sqlite and migrations/Postgres"
