package io.tgdesk.bench;

import io.tgdesk.testing.LibertyServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far (user + system, nanoseconds) by each part of a benchmark that shares the
 * machine: the server, this JVM (the client and the fake Bot API), the local PostgreSQL's
 * processes, and the whole machine (busy time of all cores). From /proc (Linux); -1 where it is not
 * available.
 */
record CpuUse(long server, long benchJvm, long postgres, long machine) {

  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  static CpuUse now() {
    return new CpuUse(LibertyServer.cpuNanos(), benchJvmNanos(), postgresNanos(), machineNanos());
  }

  /** What each part used from {@code earlier} to this one, per unit of work, in microseconds. */
  String perUnitSince(CpuUse earlier, long units) {
    return String.format(
        java.util.Locale.ROOT,
        "server %.0f us, bench JVM (client, fake Bot API) %.0f us, PostgreSQL %.0f us, machine %.0f"
            + " us",
        (server - earlier.server) / 1000.0 / units,
        (benchJvm - earlier.benchJvm) / 1000.0 / units,
        (postgres - earlier.postgres) / 1000.0 / units,
        (machine - earlier.machine) / 1000.0 / units);
  }

  private static long benchJvmNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long postgresNanos() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .mapToLong(CpuUse::ticksIfPostgres)
              .sum()
          * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a process whose command is postgres; 0 for any other, or one gone. */
  private static long ticksIfPostgres(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!command.equals("postgres")) {
        return 0;
      }
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy time of all cores: the first line of /proc/stat, less idle and iowait. */
  private static long machineNanos() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
