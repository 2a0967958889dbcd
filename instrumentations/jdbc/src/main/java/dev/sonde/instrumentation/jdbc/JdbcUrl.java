package dev.sonde.instrumentation.jdbc;

import java.util.Locale;

/**
 * Reads a JDBC URL into a {@link DbInfo}: the system from the sub-protocol, host, port and
 * database where the driver's URL syntax has them. User, password and every other property are
 * dropped, never stored. Unknown shapes give the system alone; nothing here throws.
 */
final class JdbcUrl {

  private JdbcUrl() {}

  static DbInfo parse(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return DbInfo.UNKNOWN;
    }
    String rest = url.substring(5);
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      return DbInfo.UNKNOWN;
    }
    String protocol = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String body = rest.substring(colon + 1);
    if (protocol.equals("postgresql") || protocol.equals("pgsql")) {
      return hostPortPath("postgresql", body);
    }
    if (protocol.equals("mysql")) {
      return hostPortPath("mysql", body);
    }
    if (protocol.equals("mariadb")) {
      return hostPortPath("mariadb", body);
    }
    if (protocol.equals("db2")) {
      return hostPortPath("ibm.db2", body);
    }
    if (protocol.equals("sqlserver")) {
      return sqlServer(body);
    }
    if (protocol.equals("oracle")) {
      return oracle(body);
    }
    if (protocol.equals("h2")) {
      return embedded("h2", body, "tcp:", "ssl:");
    }
    if (protocol.equals("hsqldb")) {
      return embedded("hsqldb", body, "hsql:", "hsqls:", "http:", "https:");
    }
    if (protocol.equals("derby")) {
      return body.startsWith("//") ? hostPortPath("derby", body) : embedded("derby", body);
    }
    if (protocol.equals("sqlite")) {
      return new DbInfo("sqlite", lastSegment(cut(body, '?')), null, -1);
    }
    return new DbInfo(protocol, null, null, -1);
  }

  /** {@code //host[:port][,host2...]/database[?props]} (PostgreSQL, MySQL, MariaDB, DB2). */
  private static DbInfo hostPortPath(String system, String body) {
    if (!body.startsWith("//")) {
      // PostgreSQL also accepts "jdbc:postgresql:database".
      String database = cut(cut(body, '?'), ';');
      return new DbInfo(system, database.isEmpty() ? null : database, null, -1);
    }
    String afterSlashes = body.substring(2);
    // user:password@host: everything up to the last @ before the query is credentials, whatever
    // characters (even /) the password holds.
    int query = indexOfAny(afterSlashes, "?;");
    int at = (query < 0 ? afterSlashes : afterSlashes.substring(0, query)).lastIndexOf('@');
    if (at >= 0) {
      afterSlashes = afterSlashes.substring(at + 1);
    }
    int pathStart = indexOfAny(afterSlashes, "/?;");
    String authority = pathStart < 0 ? afterSlashes : afterSlashes.substring(0, pathStart);
    String database = null;
    if (pathStart >= 0 && afterSlashes.charAt(pathStart) == '/') {
      // DB2 puts properties after the database with a colon: "SAMPLE:password=...;".
      database = cut(cut(cut(afterSlashes.substring(pathStart + 1), '?'), ';'), ':');
    }
    if (authority.indexOf('(') >= 0 || authority.indexOf('=') >= 0) {
      // MySQL's address=(host=...)(password=...) form: no host rather than a risk.
      return new DbInfo(system, database == null || database.isEmpty() ? null : database,
          null, -1);
    }
    return withAuthority(system, database, authority);
  }

  /** {@code //host[\instance][:port][;databaseName=db;...]}. */
  private static DbInfo sqlServer(String body) {
    if (!body.startsWith("//")) {
      return new DbInfo("microsoft.sql_server", null, null, -1);
    }
    String afterSlashes = body.substring(2);
    String authority = cut(afterSlashes, ';');
    int backslash = authority.indexOf('\\');
    if (backslash >= 0) {
      int port = authority.indexOf(':', backslash);
      authority = authority.substring(0, backslash) + (port >= 0 ? authority.substring(port) : "");
    }
    String database = property(afterSlashes, "databaseName");
    if (database == null) {
      database = property(afterSlashes, "database");
    }
    return withAuthority("microsoft.sql_server", database, authority);
  }

  /** {@code thin:@host:port:sid}, {@code thin:@//host:port/service}, {@code thin:user/pw@...}. */
  private static DbInfo oracle(String body) {
    // The last @: a quoted password may hold one.
    int at = body.lastIndexOf('@');
    if (at < 0) {
      return new DbInfo("oracle.db", null, null, -1);
    }
    String target = body.substring(at + 1);
    if (target.startsWith("//")) {
      return hostPortPath("oracle.db", target);
    }
    if (target.startsWith("(")) {
      // A TNS descriptor: too varied to read safely.
      return new DbInfo("oracle.db", null, null, -1);
    }
    String[] parts = target.split(":");
    if (parts.length == 3) {
      return new DbInfo("oracle.db", parts[2], parts[0], port(parts[1]));
    }
    return new DbInfo("oracle.db", null, parts[0], parts.length > 1 ? port(parts[1]) : -1);
  }

  /** Embedded databases: {@code mem:name}, {@code file:path/name}, {@code path/name}, or a server form. */
  private static DbInfo embedded(String system, String body, String... serverPrefixes) {
    String location = cut(body, ';');
    for (String prefix : serverPrefixes) {
      if (location.startsWith(prefix)) {
        return hostPortPath(system, location.substring(prefix.length()));
      }
    }
    int colon = location.indexOf(':');
    if (colon > 0 && isWord(location, colon)) {
      // mem:, file:, memory:, classpath: ... (a Windows drive letter C: too).
      location = location.substring(colon + 1);
    }
    String name = lastSegment(location);
    return new DbInfo(system, name.isEmpty() ? null : name, null, -1);
  }

  private static DbInfo withAuthority(String system, String database, String authority) {
    // user:password@host: the credentials are cut off here and never kept.
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    authority = cut(authority, ',');
    String host = authority;
    int port = -1;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close > 0) {
        host = authority.substring(1, close);
        if (authority.length() > close + 2 && authority.charAt(close + 1) == ':') {
          port = port(authority.substring(close + 2));
        }
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = port(authority.substring(colon + 1));
      }
    }
    return new DbInfo(system, database == null || database.isEmpty() ? null : database,
        host.isEmpty() ? null : host, port);
  }

  private static String property(String body, String name) {
    for (String part : body.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  private static boolean isWord(String s, int end) {
    for (int i = 0; i < end; i++) {
      if (!Character.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String lastSegment(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String cut(String s, char at) {
    int i = s.indexOf(at);
    return i < 0 ? s : s.substring(0, i);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      return port > 0 && port < 65536 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
