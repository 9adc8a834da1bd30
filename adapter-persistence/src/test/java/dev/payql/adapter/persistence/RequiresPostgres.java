package dev.payql.adapter.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that needs PostgreSQL ({@link PostgresTestServer}: {@code PAYQL_TEST_PG_URL},
 * else an embedded server when not root). Without one the tests are reported as skipped with a note
 * on how to enable them; under {@code CI=true} they run anyway, and
 * {@link PostgresTestDatabase#create()} fails them, because CI must not skip them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return switch (PostgresTestServer.availability()) {
        case PostgresTestServer.Availability.Running running ->
            ConditionEvaluationResult.enabled("PostgreSQL from " + running.origin());
        case PostgresTestServer.Availability.Missing missing -> PostgresTestDatabase.runsOnCi()
            ? ConditionEvaluationResult.enabled("CI=true: a missing PostgreSQL must fail these tests")
            : ConditionEvaluationResult.disabled(missing.message());
      };
    }
  }
}
