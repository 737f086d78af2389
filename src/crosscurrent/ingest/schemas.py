"""One schema family per entity id within a dataset.

The policy view merges an entity's statements into one FtM entity, which needs a
schema common to all of them: an id written once as a Person and once as a Vessel
would make every read of the view fail, for every agency. Such a row is
quarantined instead.
"""

import duckdb
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema

from crosscurrent.ingest.records import Problem, RowResult
from crosscurrent.store import view


class SchemaGuard:
    """The narrowest schema each entity id of one dataset has so far, stored or loading."""

    def __init__(self, con: duckdb.DuckDBPyConnection, dataset: str) -> None:
        self.known: dict[str, Schema] = {}
        for entity_id, names in view.dataset_schemas(con, dataset):
            merged: Schema | None = None
            for name in names:
                # A conflict stored before this check existed: keep what can be kept.
                merged = self._merge(merged, name) or merged
            if merged is not None:
                self.known[entity_id] = merged

    @staticmethod
    def _merge(prior: Schema | None, name: str) -> Schema | None:
        """The schema both are, or None when an entity cannot be both."""
        schema = model.get(name)
        if prior is None or schema is None or prior == schema:
            return schema or prior
        try:
            return model.common_schema(prior, schema)
        except InvalidData:
            return None

    def check(self, result: RowResult) -> None:
        """Add a problem for each entity of the row that contradicts an earlier one;
        remember the row's schemata only when the row will be stored."""
        seen: dict[str, Schema] = {}
        for entity in result.entities:
            prior = seen.get(entity.id) or self.known.get(entity.id)
            merged = self._merge(prior, entity.schema)
            if merged is None:
                reason = f"entity {entity.id!r} is a {prior.name if prior else '?'} "
                reason += f"elsewhere in this dataset, it cannot also be a {entity.schema}"
                result.problems.append(Problem(result.row, "schema", reason))
            else:
                seen[entity.id] = merged
        if not result.quarantined:
            self.known.update(seen)
