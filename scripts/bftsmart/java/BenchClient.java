import bftsmart.tom.ServiceProxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop client for bftsmart.demo.microbenchmarks.ThroughputLatencyServer.
 *
 * Runs phases one after another in one JVM (so the client side is JIT-warm
 * after the first phase). In a phase each thread owns one ServiceProxy (its
 * own client id) and sends invokeOrdered() requests back to back (one
 * outstanding request per thread) in the demo client's "nosig" wire format:
 * int len | len bytes | int 0. Latencies stay in memory; percentiles are
 * nearest-rank over the measured requests.
 *
 *   --phase NAME THREADS REQ_BYTES ID_BASE ops  WARMUP_OPS MEASURE_OPS
 *       every thread does WARMUP_OPS then MEASURE_OPS requests; the window
 *       runs from when all threads finished warm-up until the last finished.
 *   --phase NAME THREADS REQ_BYTES ID_BASE secs WARMUP_S   MEASURE_S
 *       the window is [t0+WARMUP_S, t0+WARMUP_S+MEASURE_S]; only requests
 *       that started and completed inside it count.
 *   --pause S      sleep S seconds before the next phase (lets the JIT
 *                  compiler threads catch up after a CPU-saturating warm-up)
 *   --max-s S      bound on each phase (stops issuing, reports what it has)
 *   --cpu-pids P,Q the replica JVMs' process ids: their CPU time (utime + stime from /proc/PID/stat, all
 *                  threads) over each phase's measured window is reported as replica_cpu_s= and
 *                  cpu_us_per_op= (summed over the replicas, per measured request)
 *   --batch-log F  ThroughputLatencyServer stdout of the leader (replica 0):
 *                  means of its "Batch average size" and "Total latency"
 *                  lines printed during the phase's window are reported as
 *                  batch= (requests per consensus) and leader_ms= (reception
 *                  to execution of the first request of a batch, at the leader)
 *
 * Prints per phase:  RESULT label=.. threads=.. req_bytes=.. ops=.. secs=..
 *   ops_per_s=.. mean_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. errors=.. batch=.. leader_ms=..
 *   [replica_cpu_s=.. cpu_us_per_op=..]
 *
 * (A copy of ../shared/anchors/bftsmart/java/BenchClient.java with --cpu-pids added, for pbft's
 * scripts/bench-vs-bftsmart.sh; the requests and the timing are unchanged.)
 */
public class BenchClient {

    static final class Rec {
        long[] lat = new long[1 << 14];
        int n = 0;
        void add(long v) {
            if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
            lat[n++] = v;
        }
    }

    static final class Phase {
        String name; int threads, reqBytes, idBase; boolean countMode; double warm, measure;
    }

    public static void main(String[] args) throws Exception {
        List<Phase> phases = new ArrayList<>();
        double maxS = 120;
        String batchLog = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--phase": {
                    Phase p = new Phase();
                    p.name = args[++i];
                    p.threads = Integer.parseInt(args[++i]);
                    p.reqBytes = Integer.parseInt(args[++i]);
                    p.idBase = Integer.parseInt(args[++i]);
                    String kind = args[++i];
                    if (!kind.equals("ops") && !kind.equals("secs")) throw new IllegalArgumentException("kind: ops|secs");
                    p.countMode = kind.equals("ops");
                    p.warm = Double.parseDouble(args[++i]);
                    p.measure = Double.parseDouble(args[++i]);
                    phases.add(p);
                    break;
                }
                case "--pause": {
                    Phase p = new Phase();
                    p.name = null;
                    p.measure = Double.parseDouble(args[++i]);
                    phases.add(p);
                    break;
                }
                case "--max-s": maxS = Double.parseDouble(args[++i]); break;
                case "--batch-log": batchLog = args[++i]; break;
                case "--cpu-pids": {
                    String[] ps = args[++i].split(",");
                    cpuPids = new long[ps.length];
                    for (int k = 0; k < ps.length; k++) cpuPids[k] = Long.parseLong(ps[k].trim());
                    break;
                }
                default: throw new IllegalArgumentException("unknown arg " + args[i]);
            }
        }
        if (phases.isEmpty()) throw new IllegalArgumentException("no --phase");
        for (Phase p : phases) {
            if (p.name == null) {
                System.err.printf(Locale.ROOT, "[pause] %.0f s%n", p.measure);
                Thread.sleep((long) (p.measure * 1000));
                continue;
            }
            String r = runPhase(p, maxS, batchLog);
            System.out.println(r);
            System.out.flush();
        }
        System.exit(0);
    }

    static long[] cpuPids = new long[0];
    static final double TICKS_PER_S = 100; // USER_HZ on Linux

    /** Sum of utime + stime of the replica processes, in seconds; NaN when one cannot be read. */
    static double replicaCpuS() {
        double sum = 0;
        for (long pid : cpuPids) {
            try {
                String stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")), StandardCharsets.ISO_8859_1);
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_S;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return sum;
    }

    static int logLines(String f) {
        if (f == null) return 0;
        try {
            return Files.readAllLines(Paths.get(f), StandardCharsets.ISO_8859_1).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** mean of the values on lines starting with prefix, in lines [from, to) */
    static String meanOf(String f, int from, int to, String prefix, double scale, String fmt) {
        if (f == null) return "-";
        try {
            List<String> lines = Files.readAllLines(Paths.get(f), StandardCharsets.ISO_8859_1);
            double s = 0; int n = 0;
            for (int i = from; i < Math.min(to, lines.size()); i++) {
                String l = lines.get(i);
                if (l.startsWith(prefix)) {
                    String v = l.substring(prefix.length()).trim().split(" ")[0];
                    s += Double.parseDouble(v); n++;
                }
            }
            return n == 0 ? "-" : String.format(Locale.ROOT, fmt, s / n * scale);
        } catch (IOException | RuntimeException e) {
            return "-";
        }
    }

    static String runPhase(Phase ph, double maxS, String batchLog) throws Exception {
        // request in the demo's nosig format
        byte[] payload = new byte[ph.reqBytes];
        new Random(42).nextBytes(payload);
        ByteBuffer bb = ByteBuffer.allocate(ph.reqBytes + 8);
        bb.putInt(ph.reqBytes).put(payload).putInt(0);
        final byte[] request = bb.array();

        final int T = ph.threads;
        final ServiceProxy[] proxies = new ServiceProxy[T];
        long tc0 = System.nanoTime();
        for (int i = 0; i < T; i++) proxies[i] = new ServiceProxy(ph.idBase + i);
        System.err.printf(Locale.ROOT, "[%s] %d proxies connected in %.1f s%n", ph.name, T, (System.nanoTime() - tc0) / 1e9);

        final Rec[] recs = new Rec[T];
        for (int i = 0; i < T; i++) recs[i] = new Rec();
        final AtomicLong errors = new AtomicLong();
        final long hardStop = System.nanoTime() + (long) (maxS * 1e9);
        final CyclicBarrier startBarrier = new CyclicBarrier(T + 1);
        final CyclicBarrier warmBarrier = new CyclicBarrier(T + 1);
        final long[] t0 = new long[1];
        final boolean countMode = ph.countMode;
        final long warmOps = (long) ph.warm, measureOps = (long) ph.measure;
        final long warmNs = (long) (ph.warm * 1e9), durNs = (long) (ph.measure * 1e9);
        final long[] endNs = new long[T];

        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < T; i++) {
            final int k = i;
            Thread t = new Thread(() -> {
                ServiceProxy p = proxies[k];
                Rec r = recs[k];
                try {
                    startBarrier.await();
                    if (countMode) {
                        for (long j = 0; j < warmOps && System.nanoTime() < hardStop; j++) {
                            if (p.invokeOrdered(request) == null) errors.incrementAndGet();
                        }
                        warmBarrier.await(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS);
                        for (long j = 0; j < measureOps && System.nanoTime() < hardStop; j++) {
                            long s = System.nanoTime();
                            byte[] rep = p.invokeOrdered(request);
                            long e = System.nanoTime();
                            if (rep == null) { errors.incrementAndGet(); continue; }
                            r.add(e - s);
                        }
                        endNs[k] = System.nanoTime();
                    } else {
                        long wStart = t0[0] + warmNs, wEnd = wStart + durNs;
                        while (true) {
                            long s = System.nanoTime();
                            if (s >= wEnd || s >= hardStop) break;
                            byte[] rep = p.invokeOrdered(request);
                            long e = System.nanoTime();
                            if (rep == null) { if (s >= wStart) errors.incrementAndGet(); continue; }
                            if (s >= wStart && e <= wEnd) r.add(e - s);
                        }
                    }
                } catch (Exception ex) {
                    ex.printStackTrace();
                    errors.incrementAndGet();
                }
            }, "bench-" + (ph.idBase + i));
            t.setDaemon(true);
            ts.add(t);
        }
        for (Thread t : ts) t.start();
        t0[0] = System.nanoTime();
        startBarrier.await();
        long wStartNs;
        int logFrom;
        if (countMode) {
            try {
                warmBarrier.await(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception ex) {
                System.err.println("[" + ph.name + "] warm-up did not finish in time: " + ex);
            }
            wStartNs = System.nanoTime();
            logFrom = logLines(batchLog);
        } else {
            wStartNs = t0[0] + warmNs;
            long sleep = wStartNs - System.nanoTime();
            if (sleep > 0) Thread.sleep(sleep / 1_000_000);
            logFrom = logLines(batchLog);
        }
        double cpu0 = replicaCpuS();
        double cpu1 = Double.NaN;
        if (!countMode) {
            // The window's end is known: read the replicas' CPU there, not after the last reply trickles in.
            long sleep = wStartNs + durNs - System.nanoTime();
            if (sleep > 0) Thread.sleep(sleep / 1_000_000);
            cpu1 = replicaCpuS();
        }
        for (Thread t : ts) {
            long left = hardStop - System.nanoTime() + 5_000_000_000L;
            t.join(Math.max(1, left / 1_000_000));
        }
        int logTo = logLines(batchLog);
        if (countMode) cpu1 = replicaCpuS();
        long wEndNs;
        if (countMode) {
            wEndNs = 0;
            for (long e : endNs) wEndNs = Math.max(wEndNs, e);
            if (wEndNs == 0) wEndNs = System.nanoTime();
        } else {
            wEndNs = Math.min(wStartNs + durNs, Math.max(hardStop, wStartNs));
        }

        int total = 0;
        for (Rec r : recs) total += r.n;
        long[] all = new long[total];
        int off = 0;
        for (Rec r : recs) { System.arraycopy(r.lat, 0, all, off, r.n); off += r.n; }
        Arrays.sort(all);
        double secs = (wEndNs - wStartNs) / 1e9;
        for (ServiceProxy p : proxies) {
            try { p.close(); } catch (Exception ignored) { }
        }
        String cpu = cpuPids.length == 0 ? "" : String.format(Locale.ROOT, " replica_cpu_s=%.2f cpu_us_per_op=%.0f",
                cpu1 - cpu0, total == 0 ? Double.NaN : (cpu1 - cpu0) * 1e6 / total);
        return String.format(Locale.ROOT,
                "RESULT label=%s threads=%d req_bytes=%d ops=%d secs=%.2f ops_per_s=%.0f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d batch=%s leader_ms=%s",
                ph.name, T, ph.reqBytes, total, secs, total / Math.max(secs, 1e-9), mean(all),
                pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                total == 0 ? Double.NaN : all[total - 1] / 1e6, errors.get(),
                meanOf(batchLog, logFrom, logTo, "Batch average size = ", 1, "%.1f"),
                meanOf(batchLog, logFrom, logTo, "Total latency = ", 1e-3, "%.2f")) + cpu;
    }

    static double mean(long[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (long x : v) s += x;
        return s / v.length / 1e6;
    }

    /** nearest-rank percentile, in ms */
    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        idx = Math.max(0, Math.min(sorted.length - 1, idx));
        return sorted[idx] / 1e6;
    }
}
