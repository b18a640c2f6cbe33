package dev.forkpool.job;

/** The store contract on PostgreSQL, as several nodes share it; each run gets a fresh schema. */
class PostgresJobStoreTest extends JobStoreContractTest {
    private PostgresSchema schema;

    @Override
    String openDatabase() {
        schema = PostgresSchema.create();
        return schema.url();
    }

    @Override
    String user() {
        return PostgresSchema.USER;
    }

    @Override
    void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
