package vexmem.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vexmem.board.Board;
import vexmem.kernel.mm.PageAllocator;
import vexmem.kernel.mm.PhysicalMemory;
import vexmem.kernel.syscall.SyscallTable;
import vexmem.kernel.task.Scheduler;
import vexmem.kernel.task.TaskTable;

/**
 * The kernel of one board: physical memory, the log, the process table, the system-call table, and
 * the subsystems that {@link Initcalls} bring up at boot (allocators, file systems, ION, drivers).
 * Subsystems find each other through {@link #service}, the way kernel code finds a driver's device.
 * {@link #shutdown} removes modules in reverse order and runs the leak check.
 */
public final class Kernel implements AutoCloseable {
    /** One step of boot: bring up a subsystem; the returned hook (if any) runs at shutdown. */
    @FunctionalInterface
    public interface Initcall {
        Runnable init(Kernel k);
    }

    private final Board board;
    private final KernelOptions options;
    private final VirtualClock clock = new VirtualClock();
    private final KernelLog log = new KernelLog(clock);
    private final KernelObjects objects = new KernelObjects();
    private final PhysicalMemory phys = new PhysicalMemory();
    private final SyscallTable syscalls = new SyscallTable(log);
    private final TaskTable tasks;
    private final Map<Class<?>, Object> services = new HashMap<>();
    private final List<Runnable> exitcalls = new ArrayList<>();
    private final List<String> bugs = new ArrayList<>();
    private PageAllocator pageAllocator;
    private Scheduler scheduler = Scheduler.NONE;
    private boolean down;

    private Kernel(Board board, KernelOptions options) {
        this.board = board;
        this.options = options;
        this.tasks = new TaskTable(this);
    }

    /** Boots a kernel on the board: runs every initcall in order. */
    public static Kernel boot(Board board, KernelOptions options) {
        vexmem.kernel.fs.Inode.restartNumbering();
        vexmem.kernel.fs.File.restartNumbering();
        Kernel k = new Kernel(board, options);
        k.log.info("Booting vexmem kernel model (%s ABI) on %s", options.generation(), board.model());
        for (Initcall c : Initcalls.ALL) {
            Runnable exit = c.init(k);
            if (exit != null) {
                k.exitcalls.add(exit);
            }
        }
        return k;
    }

    public static Kernel boot(Board board) {
        return boot(board, KernelOptions.DEFAULT);
    }

    public Board board() {
        return board;
    }

    public KernelOptions options() {
        return options;
    }

    public VirtualClock clock() {
        return clock;
    }

    public KernelLog log() {
        return log;
    }

    public KernelObjects objects() {
        return objects;
    }

    public PhysicalMemory physicalMemory() {
        return phys;
    }

    public PageAllocator pageAllocator() {
        return pageAllocator;
    }

    public void setPageAllocator(PageAllocator a) {
        pageAllocator = a;
    }

    public SyscallTable syscalls() {
        return syscalls;
    }

    public TaskTable tasks() {
        return tasks;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public void setScheduler(Scheduler s) {
        scheduler = s;
    }

    public <T> void register(Class<T> type, T service) {
        services.put(type, service);
    }

    /** The subsystem registered under {@code type}; fails loudly when boot did not bring it up. */
    public <T> T service(Class<T> type) {
        Object s = services.get(type);
        if (s == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " in this kernel");
        }
        return type.cast(s);
    }

    public <T> java.util.Optional<T> findService(Class<T> type) {
        return java.util.Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /** A kernel bug caught at the system-call boundary; shutdown reports them. */
    public synchronized void recordBug(String where, RuntimeException e) {
        bugs.add(where + ": " + e);
    }

    public synchronized List<String> bugs() {
        return List.copyOf(bugs);
    }

    /** Runs a shutdown hook registered after boot (e.g. a module loaded later), in reverse order too. */
    public void addExitcall(Runnable r) {
        exitcalls.add(r);
    }

    /**
     * Shuts the board down: kills remaining tasks, removes modules like rmmod in reverse load order,
     * then checks that every page and kernel object came back. Returns the leak report (empty when
     * clean); {@link #close} throws instead.
     */
    public List<String> shutdown() {
        if (down) {
            return List.of();
        }
        down = true;
        for (var t : tasks.live()) {
            t.exit(137);
        }
        for (int i = exitcalls.size() - 1; i >= 0; i--) {
            exitcalls.get(i).run();
        }
        List<String> leaks = new ArrayList<>();
        for (LeakCheck c : leakChecks) {
            leaks.addAll(c.leaks());
        }
        leaks.addAll(objects.leaks().stream().map(s -> "object still live: " + s).toList());
        for (String b : bugs()) {
            leaks.add("kernel bug: " + b);
        }
        log.info("reboot: Power down");
        return leaks;
    }

    /** Something shutdown asks "what did not come back?". */
    @FunctionalInterface
    public interface LeakCheck {
        List<String> leaks();
    }

    private final List<LeakCheck> leakChecks = new ArrayList<>();

    public void addLeakCheck(LeakCheck c) {
        leakChecks.add(c);
    }

    /** Shuts down and fails loudly, naming what leaked, when anything did. */
    @Override
    public void close() {
        List<String> leaks = shutdown();
        phys.close();
        if (!leaks.isEmpty()) {
            throw new LeakException(leaks);
        }
    }

    /** The board did not get everything back at shutdown. */
    public static final class LeakException extends RuntimeException {
        private final List<String> leaks;

        public LeakException(List<String> leaks) {
            super("leak check failed at shutdown:\n  " + String.join("\n  ", leaks));
            this.leaks = List.copyOf(leaks);
        }

        public List<String> leaks() {
            return leaks;
        }
    }
}
