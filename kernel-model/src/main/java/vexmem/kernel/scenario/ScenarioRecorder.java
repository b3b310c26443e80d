package vexmem.kernel.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelLog;
import vexmem.kernel.fs.File;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.syscall.SyscallObserver;
import vexmem.kernel.task.Task;
import vexmem.kernel.uapi.IoctlDecoder;

/**
 * {@code vexmem run --record}: writes every completed system call of every process as a scenario step,
 * in completion order, with the user memory the kernel read and wrote during the call, the guests'
 * own stores into shared mappings since the previous call, and the virtual time. Address-space
 * changes made outside system calls (the ELF loader) and deaths by signal become events. It only
 * reads: what the guests see does not change. Format: docs/scenario-format.md.
 */
public final class ScenarioRecorder implements SyscallObserver {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private final Kernel kernel;
    private final IoctlDecoder ioctls = IoctlDecoder.withDefaults();
    private final ObjectNode root = J.objectNode();
    private final ObjectNode processes = J.objectNode();
    private final ArrayNode steps = J.arrayNode();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Long> firstAttempt = new HashMap<>();
    /** Children made by fork/vfork/clone: child pid to the parent's pid. */
    private final Map<Integer, Integer> forkedBy = new HashMap<>();
    private final ShadowPages shadow;
    private final List<ObjectNode> pendingShm = new ArrayList<>();
    private final ArrayNode log = J.arrayNode();
    private Call current;
    private int dispatching;

    /** A call between enter and exit. */
    private static final class Call implements AddressSpace.UserAccess {
        final Task task;
        final int nr;
        final long[] raw = new long[6];
        final long t;
        final ArrayNode in = J.arrayNode();
        final ArrayNode out = J.arrayNode();
        String ioctlIn;

        Call(Task task, int nr, long t) {
            this.task = task;
            this.nr = nr;
            this.t = t;
        }

        @Override
        public void read(long uaddr, byte[] data) {
            in.add(Hex.blob(J.objectNode().put("addr", Hex.addr(uaddr)), data));
        }

        @Override
        public void written(long uaddr, byte[] data) {
            out.add(Hex.blob(J.objectNode().put("addr", Hex.addr(uaddr)), data));
        }
    }

    public ScenarioRecorder(Kernel kernel, String boardFile) {
        this.kernel = kernel;
        this.shadow = new ShadowPages(kernel);
        root.put("format", Scenario.FORMAT);
        root.put("recorded", true);
        if (boardFile != null) {
            root.put("board", boardFile);
        }
        root.put("model", kernel.board().model());
        root.put("kernel", kernel.options().generation());
        root.set("processes", processes);
        root.set("steps", steps);
        root.set("log", log);
    }

    /** Starts watching; call before the first process is created. */
    public ScenarioRecorder attach() {
        kernel.syscalls().addObserver(this);
        return this;
    }

    /** Stops watching and returns the scenario (call before the kernel shuts down). */
    public ObjectNode finish() {
        kernel.syscalls().removeObserver(this);
        for (KernelLog.Line l : kernel.log().lines()) {
            log.add(l.format());
        }
        return root;
    }

    // ------------------------------------------------------------ processes and layout events

    @Override
    public synchronized void taskCreated(Task task) {
        task.mm().addObserver(new AddressSpace.Observer() {
            @Override
            public void mapped(Vma vma) {
                if (outside(task)) {
                    ObjectNode e = event(task, "map");
                    e.put("start", Hex.addr(vma.start())).put("end", Hex.addr(vma.end())).put("prot", vma.prot())
                            .put("brk", Hex.addr(task.mm().brkStart()));
                    if (vma.name() != null) {
                        e.put("name", vma.name());
                    }
                    if (!vma.ownsPages()) {
                        e.put("anonymous", false); // replay cannot rebuild this; it says so
                    }
                }
            }

            @Override
            public void unmapped(long start, long end) {
                if (outside(task)) {
                    event(task, "munmap").put("start", Hex.addr(start)).put("end", Hex.addr(end));
                }
            }

            @Override
            public void protectionChanged(long start, long end, int prot) {
                if (outside(task)) {
                    event(task, "mprotect").put("start", Hex.addr(start)).put("end", Hex.addr(end)).put("prot", prot);
                }
            }
        });
    }

    private synchronized boolean outside(Task task) {
        return dispatching == 0 && task.state() != Task.State.ZOMBIE;
    }

    @Override
    public synchronized void taskExited(Task task) {
        if (dispatching == 0 && (names.containsKey(task.pid()) || forkedBy.containsKey(task.pid()))) {
            ObjectNode e = event(task, "exit");
            e.put("status", task.exitStatus());
            if (task.pendingSignal != 0) {
                e.put("signal", task.pendingSignal);
            }
        }
    }

    private String name(Task task) {
        String n = names.get(task.pid());
        if (n != null) {
            return n;
        }
        String base = task.exePath != null ? java.nio.file.Path.of(task.exePath).getFileName().toString() : task.comm();
        n = base;
        if (names.containsValue(n)) {
            n = base + "." + task.pid();
        }
        names.put(task.pid(), n);
        ObjectNode p = J.objectNode();
        p.put("pid", task.pid());
        p.put("comm", task.comm());
        if (task.exePath != null) {
            p.put("exe", task.exePath);
        }
        if (forkedBy.containsKey(task.pid())) {
            p.put("forked_by", forkedBy.get(task.pid())); // replay: the task its fork step makes, not a new one
        }
        ArrayNode stdio = J.arrayNode();
        for (int fd = 0; fd < 3; fd++) {
            stdio.add(stdioKind(task, fd));
        }
        p.set("stdio", stdio);
        processes.set(n, p);
        return n;
    }

    private static String stdioKind(Task task, int fd) {
        try {
            File f = task.files().get(fd);
            String path = f.path();
            return path.startsWith("/dev/console") ? "tty" : path.startsWith("pipe:") ? "pipe" : "file";
        } catch (RuntimeException e) {
            return "none";
        }
    }

    private ObjectNode event(Task task, String kind) {
        ObjectNode e = J.objectNode();
        e.put("step", steps.size() + 1);
        e.put("proc", name(task));
        e.put("event", kind);
        flushShm(e);
        steps.add(e);
        return e;
    }

    private void flushShm(ObjectNode step) {
        if (!pendingShm.isEmpty()) {
            ArrayNode a = step.putArray("shm");
            pendingShm.forEach(a::add);
            pendingShm.clear();
        }
    }

    // ------------------------------------------------------------ system calls

    @Override
    public synchronized void enter(Task task, int nr, SyscallArgs args) {
        name(task);
        Task runTask = null;
        long runStart = 0;
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (ShadowPages.Change c : shadow.scan()) {
            if (runTask == c.task() && runStart + run.size() == c.uaddr()) {
                run.writeBytes(c.data());
                continue;
            }
            if (runTask != null) {
                pendingShm.add(Hex.blob(J.objectNode().put("proc", name(runTask)).put("addr", Hex.addr(runStart)), run.toByteArray()));
            }
            runTask = c.task();
            runStart = c.uaddr();
            run.reset();
            run.writeBytes(c.data());
        }
        if (runTask != null) {
            pendingShm.add(Hex.blob(J.objectNode().put("proc", name(runTask)).put("addr", Hex.addr(runStart)), run.toByteArray()));
        }
        Call c = new Call(task, nr, kernel.clock().nanos());
        for (int i = 0; i < 6; i++) {
            c.raw[i] = args.arg(i) & 0xffffffffL;
        }
        if (nr == 54) {
            c.ioctlIn = ioctls.decode(task.mm(), (int) c.raw[1], c.raw[2], false);
        }
        current = c;
        dispatching++;
        task.mm().setUserAccess(c);
    }

    @Override
    public synchronized void blocked(Task task, int nr) {
        task.mm().setUserAccess(null);
        dispatching--;
        firstAttempt.putIfAbsent(task.pid(), current.t);
        current = null;
    }

    @Override
    public synchronized void exit(Task task, int nr, SyscallArgs args, long result) {
        Call c = current;
        task.mm().setUserAccess(null);
        dispatching--;
        current = null;
        if (c == null || c.task != task) {
            return;
        }
        ObjectNode s = J.objectNode();
        s.put("step", steps.size() + 1);
        s.put("proc", name(task));
        s.put("call", kernel.syscalls().name(nr));
        s.put("nr", nr);
        ArrayNode a = s.putArray("args");
        for (long v : c.raw) {
            a.add(Hex.addr(v));
        }
        if (nr == 54) {
            s.put("ioctl", ioctls.name((int) c.raw[1]));
            if (c.ioctlIn != null) {
                s.put("struct_in", c.ioctlIn);
            }
            if (task.state() != Task.State.ZOMBIE && (int) result >= 0) {
                String o = ioctls.decode(task.mm(), (int) c.raw[1], c.raw[2], true);
                if (o != null) {
                    s.put("struct_out", o);
                }
            }
        }
        Long t0 = firstAttempt.remove(task.pid());
        s.put("t", c.t);
        if (t0 != null) {
            s.put("t0", t0);
        }
        flushShm(s);
        if (!c.in.isEmpty()) {
            s.set("in", c.in);
        }
        if (!c.out.isEmpty()) {
            s.set("out", c.out);
        }
        if (nr == 192 || nr == 45) {
            s.put("result", Hex.addr(result & 0xffffffffL));
        } else {
            s.put("result", (int) result);
        }
        if ((int) result < 0 && (int) result >= -4095) {
            s.put("errno", Errno.name(-(int) result));
        }
        if ((nr == 2 || nr == 190 || nr == 120) && (int) result > 0) {
            forkedBy.put((int) result, task.pid());
        }
        steps.add(s);
        shadow.scan(); // what the kernel itself wrote into shared mappings is not a guest store
    }

    /** Kept for symmetry with the tracer: the scenario has one JSON map per process. */
    Map<Integer, String> names() {
        return new LinkedHashMap<>(names);
    }
}
