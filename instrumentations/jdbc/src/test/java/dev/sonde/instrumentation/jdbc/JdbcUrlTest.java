package dev.sonde.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # url                                                                | system               | namespace | host                | port
      jdbc:postgresql://127.0.0.1:5433/shop                                | postgresql           | shop      | 127.0.0.1           | 5433
      jdbc:postgresql://db.internal/shop?user=app&password=s3cret          | postgresql           | shop      | db.internal         | -1
      jdbc:postgresql://h1:5432,h2:5433/shop?targetServerType=primary      | postgresql           | shop      | h1                  | 5432
      jdbc:postgresql:shop                                                 | postgresql           | shop      | -                   | -1
      jdbc:postgresql://[::1]:5433/shop                                    | postgresql           | shop      | ::1                 | 5433
      jdbc:mysql://app:s3cret@mysql.internal:3306/orders?useSSL=false      | mysql                | orders    | mysql.internal      | 3306
      jdbc:mariadb://maria:3307/orders                                     | mariadb              | orders    | maria               | 3307
      jdbc:sqlserver://sql.internal:1433;databaseName=crm;password=s3cret  | microsoft.sql_server | crm       | sql.internal        | 1433
      jdbc:sqlserver://sql.internal\\prod:1434;database=crm                | microsoft.sql_server | crm       | sql.internal        | 1434
      jdbc:oracle:thin:@ora.internal:1521:ORCL                             | oracle.db            | ORCL      | ora.internal        | 1521
      jdbc:oracle:thin:scott/tiger@//ora.internal:1522/sales               | oracle.db            | sales     | ora.internal        | 1522
      jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=x)(PORT=1)))           | oracle.db            | -         | -                   | -1
      jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1                              | h2                   | inventory | -                   | -1
      jdbc:h2:file:/var/data/inventory;AUTO_SERVER=TRUE                    | h2                   | inventory | -                   | -1
      jdbc:h2:./data/inventory                                             | h2                   | inventory | -                   | -1
      jdbc:h2:tcp://h2.internal:9092/inventory                             | h2                   | inventory | h2.internal         | 9092
      jdbc:hsqldb:mem:cache                                                | hsqldb               | cache     | -                   | -1
      jdbc:derby:memory:demo;create=true                                   | derby                | demo      | -                   | -1
      jdbc:sqlite:/tmp/app.db                                              | sqlite               | app.db    | -                   | -1
      jdbc:db2://db2.internal:50000/SAMPLE                                 | ibm.db2              | SAMPLE    | db2.internal        | 50000
      jdbc:snowflake://acct.snowflakecomputing.com/?db=x                   | snowflake            | -         | -                   | -1
      """)
  void readsTheDatabaseFromTheUrl(String url, String system, String namespace, String host,
      int port) {
    DbInfo db = JdbcUrl.parse(url);

    assertThat(db.system).isEqualTo(system);
    assertThat(db.namespace).isEqualTo(namespace);
    assertThat(db.host).isEqualTo(host);
    assertThat(db.port).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      jdbc:postgresql://app:s3cret@db.internal:5432/shop?password=s3cret
      jdbc:mysql://app:s3cret@mysql.internal:3306/orders?password=s3cret
      jdbc:sqlserver://sql.internal:1433;user=app;password=s3cret;databaseName=crm
      jdbc:oracle:thin:app/s3cret@ora.internal:1521:ORCL
      jdbc:oracle:thin:app/"s3cret@s3cret"@ora.internal:1521:ORCL
      jdbc:db2://db2.internal:50000/SAMPLE:password=s3cret;user=app;
      jdbc:mysql://address=(host=h)(port=3306)(user=app)(password=s3cret)/orders
      jdbc:mysql://app:s3/cret@mysql.internal:3306/orders
      """)
  void neverKeepsCredentials(String url) {
    DbInfo db = JdbcUrl.parse(url);

    assertThat(String.join("|", db.system, String.valueOf(db.namespace), String.valueOf(db.host)))
        .doesNotContain("s3cret").doesNotContain("app:").doesNotContain("app/");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      -
      ''
      not-a-url
      jdbc:
      jdbc:postgresql://
      jdbc:postgresql://host:notaport/db
      jdbc:oracle:thin:@
      """)
  void neverThrowsOnOddUrls(String url) {
    assertThat(JdbcUrl.parse(url)).isNotNull();
  }
}
