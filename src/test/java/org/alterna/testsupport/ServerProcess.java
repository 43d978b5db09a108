package org.alterna.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Alterna as a process of its own (the test's class path, {@code org.alterna.AlternaApplication}), for tests that kill
 * it with SIGKILL and start it again on the same database. Output goes to a log file per start.
 */
public final class ServerProcess {
    private final List<String> args;
    private final List<String> jvm;
    private final Path dir;
    private final int httpPort;
    private final List<Integer> tcpPorts;
    private Process process;
    private int starts;

    /** {@code args} must name the HTTP port; {@code tcpPorts}: gateway ports that must accept before it counts as up. */
    public ServerProcess(Path dir, int httpPort, List<Integer> tcpPorts, List<String> args) {
        this(dir, httpPort, tcpPorts, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
    }

    /** As above, with the JVM's options (a benchmark wants the full JIT). */
    public ServerProcess(Path dir, int httpPort, List<Integer> tcpPorts, List<String> jvm, List<String> args) {
        this.jvm = jvm;
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPorts = tcpPorts;
        List<String> all = new ArrayList<>(List.of("--server.port=" + httpPort));
        all.addAll(args);
        this.args = all;
    }

    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // a test cut short (JUnit timeout, surefire ending the fork) must not leave a server running on the machine
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-servers"));
    }

    /** Kills {@code p} when this JVM exits, if it is still running then. */
    public static void killOnExit(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    /** A port free right now (another process may still take it before the server binds it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The running process's id. */
    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    /** Starts the server and waits until its HTTP and gateway ports accept connections (up to 2 minutes). */
    public ServerProcess start() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", cp, "org.alterna.AlternaApplication"));
        cmd.addAll(args);
        File log = dir.resolve("server-" + (++starts) + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        killOnExit(p);
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited:\n" + Files.readString(log.toPath()));
            }
            if (accepts(httpPort) && tcpPorts.stream().allMatch(ServerProcess::accepts)) {
                process = p;
                return this;
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start:\n" + Files.readString(log.toPath()));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no last commit, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** An orderly stop (SIGTERM), waiting for the process to end. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The output of the n-th start (1 = first). */
    public String log(int start) throws IOException {
        return Files.readString(dir.resolve("server-" + start + ".log"));
    }
}
