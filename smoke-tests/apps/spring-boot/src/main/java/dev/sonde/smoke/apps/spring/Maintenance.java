package dev.sonde.smoke.apps.spring;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Plain JDBC next to JPA: a DDL statement (an index with no name, which H2 accepts) and a query of
 * an H2 table function.
 */
@Component
public class Maintenance {

  static final String CREATE_INDEX = "CREATE INDEX ON vets (last_name)";
  static final String RANGE = "SELECT * FROM SYSTEM_RANGE(1, 3)";

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final JdbcTemplate jdbc;

  Maintenance(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Runs both statements; the number of rows SYSTEM_RANGE gave. */
  int reindex() {
    jdbc.execute(CREATE_INDEX);
    List<Map<String, Object>> range = jdbc.queryForList(RANGE);
    LOG.info("reindexed vets, range {}", range.size());
    return range.size();
  }
}
