"""Migration operations that exist only on PostgreSQL.

The exclusion constraint that stops double bookings is added by these
operations and deliberately kept out of the model's ``Meta`` (and so out of
the migration state): SQLite has no GiST indexes, and SQLite rebuilds a table
from the migration state on many schema changes, which would fail on any
constraint it cannot express.
"""

from django.db.migrations.operations.base import Operation


class _PostgresConstraintOperation(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name, constraint):
        self.model_name = model_name
        self.constraint = constraint

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "constraint": self.constraint},
        )

    def state_forwards(self, app_label, state):
        pass  # not part of the state: see the module docstring

    def _add(self, app_label, schema_editor, state):
        if schema_editor.connection.vendor == "postgresql":
            model = state.apps.get_model(app_label, self.model_name)
            schema_editor.add_constraint(model, self.constraint)

    def _remove(self, app_label, schema_editor, state):
        if schema_editor.connection.vendor == "postgresql":
            model = state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_constraint(model, self.constraint)


class AddConstraintOnPostgres(_PostgresConstraintOperation):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._add(app_label, schema_editor, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._remove(app_label, schema_editor, from_state)

    def describe(self):
        return f"Add constraint {self.constraint.name} on {self.model_name} (PostgreSQL only)"


class RemoveConstraintOnPostgres(_PostgresConstraintOperation):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._remove(app_label, schema_editor, from_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._add(app_label, schema_editor, to_state)

    def describe(self):
        return f"Remove constraint {self.constraint.name} from {self.model_name} (PostgreSQL only)"
