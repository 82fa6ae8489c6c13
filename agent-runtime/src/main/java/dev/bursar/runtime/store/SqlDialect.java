package dev.bursar.runtime.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The two databases the runtime supports. The schema and almost every statement are the same on both; the dialect
 * only chooses how a spend journal append is made durable.
 */
public enum SqlDialect {
    /** H2, embedded in a file under the data directory: the zero-setup default. */
    H2,
    /** PostgreSQL: production. */
    POSTGRESQL;

    static SqlDialect of(Connection connection, String url) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if ("H2".equalsIgnoreCase(product)) {
            return H2;
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return POSTGRESQL;
        }
        throw new DatabaseException("the database " + url + " is " + product + "; Bursar supports H2 and PostgreSQL");
    }
}
