package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on 127.0.0.1, from the Debian package's binaries: {@code initdb}
 * into a temp directory, {@code pg_ctl start} on a free port outside the ephemeral range, no
 * durability ({@code fsync=off}), trust authentication; {@link #close()} stops it with
 * {@code pg_ctl stop -m immediate} and deletes the data.
 *
 * <p>{@code initdb} refuses to run as root: as root, {@code initdb} and {@code pg_ctl} run as the
 * {@code postgres} user ({@code runuser -u postgres --}) on directories it owns.
 *
 * <p>The server log and the output of every command are kept in
 * {@code <sonde.smoke.work.dir>/postgres-*}: {@code server.log}, {@code commands.txt}.
 *
 * <p>PostgreSQL not installed is a failure, never a skip: {@code scripts/ensure-packages.sh}
 * installs it, and a spec that needs it must not pass without it.
 */
public final class PostgresServer extends ThrowawayServer {

  /** Where the Debian packages put each major version: {@code /usr/lib/postgresql/<version>/bin}. */
  public static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
  /** The superuser initdb creates. */
  public static final String SUPERUSER = "postgres";
  private static final String OS_USER = "postgres";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY = Duration.ofSeconds(30);
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  private final Path bin;
  private final boolean asRoot;
  private final Path logFile;
  private final Path baseDir;
  private final Path dataDir;

  private PostgresServer(Path bin) throws IOException {
    super("postgres", COMMAND_TIMEOUT);
    this.bin = bin;
    this.asRoot = isRoot();
    this.logFile = Files.createFile(dir.resolve("server.log"));
    // The data and the Unix socket live in /tmp-like space: socket paths are limited to ~107 bytes.
    this.baseDir = Files.createTempDirectory("sonde-postgres-");
    this.dataDir = baseDir.resolve("data");
    if (asRoot) {
      UserPrincipal postgres = baseDir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(OS_USER);
      for (Path path : List.of(dir, logFile, baseDir)) {
        Files.setOwner(path, postgres);
      }
    }
  }

  /**
   * Creates a cluster and starts it; returns once {@code pg_isready} says it accepts connections.
   * Fails (never skips) when PostgreSQL is not installed.
   */
  public static PostgresServer start() {
    return createAndStart(() -> new PostgresServer(binaries()), server -> {
      server.initdb();
      server.startOnAFreePort();
      server.awaitReady();
    });
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb, pg_ctl, pg_isready and psql. */
  static Path binaries() {
    List<Path> installed = new ArrayList<>();
    if (Files.isDirectory(INSTALL_ROOT)) {
      try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
        versions.map(v -> v.resolve("bin"))
            .filter(b -> Stream.of("initdb", "pg_ctl", "pg_isready", "psql")
                .allMatch(tool -> Files.isExecutable(b.resolve(tool))))
            .forEach(installed::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return installed.stream()
        .max(Comparator.comparingDouble(PostgresServer::versionOf))
        .orElseThrow(() -> notInstalled("PostgreSQL", INSTALL_ROOT
            + "/<version>/bin with initdb, pg_ctl, pg_isready and psql", "postgresql"));
  }

  private static double versionOf(Path bin) {
    try {
      return Double.parseDouble(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private void initdb() {
    runAsServerUser("initdb", bin.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER,
        "--no-sync", "-E", "UTF8", "--locale=C", "-D", dataDir.toString());
  }

  /** Picks a port, starts; another port when the first turns out to be taken by then. */
  private void startOnAFreePort() {
    retryWhilePortTaken(() -> {
      port = Ports.freeOutsideEphemeralRange();
      CommandResult result = commandAsServerUser(bin.resolve("pg_ctl").toString(), "start", "-w",
          "-t", String.valueOf(READY.toSeconds()), "-D", dataDir.toString(),
          "-l", logFile.toString(),
          "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + baseDir + " -c fsync=off");
      if (result.exitCode() != 0) {
        throw failure("pg_ctl start failed on port " + port, result);
      }
      markRunning();
    }, failed -> serverLog().contains("could not bind"));
  }

  private void awaitReady() {
    await("PostgreSQL on 127.0.0.1:" + port + " accepting connections (server log " + logFile + ")")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> command(bin.resolve("pg_isready").toString(), "-q", "-h", Ports.LOOPBACK,
            "-p", String.valueOf(port), "-U", SUPERUSER, "-d", "postgres").exitCode() == 0);
  }

  /**
   * A login role with {@code password} and a database it owns. (Trust authentication accepts any
   * password, unless {@link #requirePassword} says otherwise for the role; the role has one so
   * that clients send it.)
   */
  public PostgresServer createDatabase(String database, String owner, String password) {
    if (!NAME.matcher(database).matches() || !NAME.matcher(owner).matches()) {
      throw new IllegalArgumentException("plain lower-case names only: " + database + ", " + owner);
    }
    psql("postgres", "CREATE ROLE " + owner + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
    psql("postgres", "CREATE DATABASE " + database + " OWNER " + owner);
    return this;
  }

  /**
   * Connections over TCP as {@code role} must give its password (SCRAM) from now on; every other
   * role keeps trust authentication. A wrong password is then refused, as on a real server.
   */
  public PostgresServer requirePassword(String role) {
    if (!NAME.matcher(role).matches()) {
      throw new IllegalArgumentException("a plain lower-case name only: " + role);
    }
    Path hba = dataDir.resolve("pg_hba.conf");
    try {
      // The first line that matches decides: this one goes before initdb's trust lines.
      Files.writeString(hba, "host all " + role + " " + Ports.LOOPBACK + "/32 scram-sha-256\n"
          + Files.readString(hba));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    psql("postgres", "SELECT pg_reload_conf()");
    return this;
  }

  /** Runs one SQL command as the superuser on {@code database}; returns what psql printed. */
  public String psql(String database, String sql) {
    CommandResult result = command(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
        "-v", "ON_ERROR_STOP=1", "-h", Ports.LOOPBACK, "-p", String.valueOf(port), "-U", SUPERUSER,
        "-d", database, "-c", sql);
    if (result.exitCode() != 0) {
      throw failure("psql -c \"" + sql + "\" failed", result);
    }
    return result.output();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, no credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
  }

  public Path logFile() {
    return logFile;
  }

  /** The server log so far. */
  public String serverLog() {
    return readLog(logFile);
  }

  /** {@code pg_ctl stop -m immediate}, then the data directory is deleted (the log is kept). */
  @Override
  public void close() {
    markStopped();
    CommandResult result = commandAsServerUser(bin.resolve("pg_ctl").toString(), "stop", "-m",
        "immediate", "-w", "-D", dataDir.toString());
    deleteRecursively(baseDir);
    if (result.exitCode() != 0) {
      throw failure("pg_ctl stop failed", result);
    }
  }

  @Override
  protected void stopQuietly() {
    markStopped();
    if (Files.exists(dataDir.resolve("postmaster.pid"))) {
      commandAsServerUser(bin.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-w",
          "-D", dataDir.toString());
    }
    deleteRecursively(baseDir);
  }

  // ---------------------------------------------------------------- processes

  @Override
  protected String logTails() {
    return serverLogTail(logFile);
  }

  private void runAsServerUser(String what, String... command) {
    CommandResult result = commandAsServerUser(command);
    if (result.exitCode() != 0) {
      throw failure(what + " failed", result);
    }
  }

  /** As root, through {@code runuser -u postgres --}: initdb refuses to run as root. */
  private CommandResult commandAsServerUser(String... command) {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(List.of(command));
    return command(full);
  }

  @Override
  public String toString() {
    return "PostgreSQL on " + Ports.LOOPBACK + ":" + port + " (server log " + logFile + ")";
  }
}
