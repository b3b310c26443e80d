package vexmem.kernel.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vexmem.board.IonHeapSpec;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.HostConsole;
import vexmem.kernel.fs.StdioFiles;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.ProcessHooks;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;
import vexmem.kernel.uapi.IoctlDecoder;

/**
 * {@code vexmem replay}: runs a scenario against a booted kernel with no CPU. Recorded steps are
 * re-dispatched with their raw arguments after the user memory they read has been put back; the
 * result and every byte the kernel writes to user memory are compared. Hand-written steps name calls,
 * fds and struct fields symbolically. The first difference stops the replay with a {@link Divergence}.
 */
public final class ScenarioReplayer {
    /** Where a scratch area for hand-written processes' arguments lives in their address space. */
    static final long SCRATCH = 0x00100000L, SCRATCH_SIZE = 1 << 20;

    /** The first difference between the scenario and the kernel. */
    public record Divergence(int step, String proc, String call, String expected, String got) {
        public String format() {
            return String.format("divergence at step %d (process %s): %s%n  expected: %s%n  got:      %s",
                    step, proc, call, expected, got);
        }
    }

    /**
     * A recorded step replay cannot run without a CPU (a successful execve, sigreturn/rt_sigreturn): found
     * before the first step runs. The message is "FILE: step N (process P): CALL cannot be replayed ...".
     */
    public static final class Unreplayable extends Scenario.Malformed {
        public Unreplayable(String message) {
            super(message);
        }
    }

    /** System calls that need the CPU state (execve loads an image and resets registers; sigreturn restores them). */
    private static final int NR_EXECVE = 11, NR_SIGRETURN = 119, NR_RT_SIGRETURN = 173, NR_FUTEX = 240,
            NR_FUTEX_TIME64 = 422;

    /**
     * The CPU back end's part of fork/clone during a replay: there are no registers to copy, so
     * {@link #forked} only notes the child, whose recorded steps then run against the task the kernel
     * copied (same pid, dup'd files and address space). execve and sigreturn need a CPU: successful
     * ones are refused before the replay starts; a failing execve that gets as far as the image check
     * fails with ENOEXEC (the replay cannot load an image), which the result comparison reports.
     */
    private final class ReplayHooks implements ProcessHooks {
        @Override
        public void forked(Task parent, Task child, long newSp, boolean setTls, long tls) {
            forkedTasks.put(child.pid(), child);
        }

        @Override
        public void checkExecutable(String path, byte[] image) {
            throw new KernelError(Errno.ENOEXEC);
        }

        @Override
        public void exec(Task t, String path, byte[] image, List<String> argv, List<String> envp) {
            throw new KernelError(Errno.ENOEXEC); // not reached: checkExecutable refuses every image
        }

        @Override
        public long sigreturn(Task t, boolean rt) {
            throw new KernelError(Errno.ENOSYS); // not reached: refused before the replay starts
        }
    }

    /** The outcome: steps run, and the divergence (null when faithful). */
    public record Outcome(int steps, Divergence divergence) {
    }

    /** A step that cannot run as written, found while running. */
    private static final class Diverged extends RuntimeException {
        final Divergence d;

        Diverged(Divergence d) {
            super(d.format(), null, false, false);
            this.d = d;
        }
    }

    private static final class Proc {
        final String name;
        final Task task;
        final boolean handWritten;
        long next = SCRATCH;

        Proc(String name, Task task, boolean handWritten) {
            this.name = name;
            this.task = task;
            this.handWritten = handWritten;
        }

        long alloc(int len) {
            long a = next;
            next = (next + Math.max(len, 1) + 7) & ~7L;
            if (next > SCRATCH + SCRATCH_SIZE) {
                throw new Scenario.Malformed("arguments of one step exceed the 1 MiB scratch area");
            }
            return a;
        }
    }

    private final Kernel kernel;
    private final JsonNode root;
    private final String file;
    private final IoctlDecoder ioctls = IoctlDecoder.withDefaults();
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final Map<String, Long> vars = new HashMap<>();
    /** Tasks created by fork/vfork/clone during the replay, by pid. */
    private final Map<Integer, Task> forkedTasks = new HashMap<>();
    private OutputStream guestOut = OutputStream.nullOutputStream();
    private int stepNo;
    private String path;

    public ScenarioReplayer(Kernel kernel, JsonNode scenario, String file) {
        this.kernel = kernel;
        this.root = scenario;
        this.file = file;
    }

    /** Where the replayed processes' stdout and stderr go (default: nowhere). */
    public ScenarioReplayer guestOutput(OutputStream out) {
        guestOut = out;
        return this;
    }

    /** Runs every step; a malformed step throws {@link Scenario.Malformed}. */
    public Outcome run() {
        JsonNode steps = root.path("steps");
        checkReplayable(steps);
        if (kernel.findService(ProcessHooks.class).isEmpty()) {
            kernel.register(ProcessHooks.class, new ReplayHooks());
        }
        int n = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            stepNo = s.has("step") ? s.get("step").asInt() : i + 1;
            path = "$.steps[" + i + "]";
            if (!s.isObject()) {
                throw bad("", "expected an object");
            }
            try {
                step(s);
            } catch (Diverged d) {
                return new Outcome(n, d.d);
            }
            n++;
        }
        return new Outcome(n, null);
    }

    /**
     * Refuses, before anything runs, a recording with a step that needs the guest's CPU: a successful
     * execve (the new image is loaded and the registers reset by the CPU back end) or sigreturn /
     * rt_sigreturn (registers and mask restored from the signal frame the back end built).
     */
    private void checkReplayable(JsonNode steps) {
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            if (!s.isObject() || !s.has("nr") || !s.get("nr").canConvertToInt()) {
                continue;
            }
            int nr = s.get("nr").asInt();
            boolean failed = s.has("errno") || (s.path("result").isNumber() && s.path("result").asInt() < 0
                    && s.path("result").asInt() >= -4095);
            boolean cpu = (nr == NR_EXECVE && !failed) || nr == NR_SIGRETURN || nr == NR_RT_SIGRETURN;
            boolean memory = (nr == NR_FUTEX || nr == NR_FUTEX_TIME64) && futexReadsUserWords(s.path("args").path(1));
            if (cpu || memory) {
                String name = s.path("proc").asText("?");
                JsonNode pid = root.path("processes").path(name).path("pid");
                throw new Unreplayable(file + ": step " + (s.has("step") ? s.get("step").asInt() : i + 1) + " (process " + name
                        + (pid.isInt() ? "[" + pid.asInt() + "]" : "") + "): " + s.path("call").asText("syscall_" + nr)
                        + (cpu ? " cannot be replayed without a CPU (recording limitation)"
                        : " cannot be replayed: its result depends on a word the guest's code wrote (recording limitation)"));
            }
        }
    }

    /**
     * FUTEX_WAIT, WAIT_BITSET, CMP_REQUEUE, WAKE_OP and the PI operations compare or change a user word
     * that the guest's own stores maintain (a mutex, a condition variable): without the CPU the replay
     * does not have it. FUTEX_WAKE and REQUEUE depend on kernel state only.
     */
    private static boolean futexReadsUserWords(JsonNode op) {
        long v;
        if (op.isNumber()) {
            v = op.asLong();
        } else {
            try {
                v = Long.decode(op.asText("0"));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        int cmd = (int) (v & ~(128 | 256));
        return cmd != 1 && cmd != 3 && cmd != 10;
    }

    private Scenario.Malformed bad(String field, String what) {
        return new Scenario.Malformed(file + ": " + path + (field.isEmpty() ? "" : "." + field) + ": " + what);
    }

    private Diverged diverge(Proc p, String call, String expected, String got) {
        return new Diverged(new Divergence(stepNo, p == null ? "-" : p.task == null ? p.name : p.name + "[" + p.task.pid() + "]", call, expected, got));
    }

    // ------------------------------------------------------------ processes

    private Proc proc(JsonNode s) {
        JsonNode pn = s.get("proc");
        if (pn == null || !pn.isTextual()) {
            throw bad("proc", "expected the name of a process");
        }
        String name = pn.asText();
        Proc p = procs.get(name);
        if (p != null) {
            return p;
        }
        JsonNode decl = root.path("processes").path(name);
        boolean recorded = root.path("recorded").asBoolean(false);
        if (recorded && decl.isMissingNode()) {
            throw bad("proc", "process \"" + name + "\" is not declared in $.processes");
        }
        Task t;
        int want = decl.path("pid").asInt(-1);
        Task child = want >= 0 ? forkedTasks.get(want) : null;
        if (child != null) {
            // a child the replay's own fork/clone made: it already has its pid, files and address space
            p = new Proc(name, child, false);
            procs.put(name, p);
            return p;
        }
        if (decl.has("forked_by")) {
            throw diverge(new Proc(name + "[" + want + "]", null, false), "process start",
                    "pid " + want + " forked by pid " + decl.get("forked_by").asInt(), "no such child was forked");
        }
        while (true) {
            t = kernel.tasks().create(decl.path("comm").asText(name), null);
            if (want < 0 || t.pid() >= want) {
                break;
            }
            t.exit(0); // a pid the recording used for a process that never ran a call
            kernel.tasks().reap(t);
        }
        if (want >= 0 && t.pid() != want) {
            Proc tmp = new Proc(name, t, false);
            throw diverge(tmp, "process start", "pid " + want, "pid " + t.pid());
        }
        if (decl.has("exe")) {
            t.exePath = decl.get("exe").asText();
        }
        HostConsole.Kind[] kinds = new HostConsole.Kind[3];
        for (int fd = 0; fd < 3; fd++) {
            String k = decl.path("stdio").path(fd).asText("pipe");
            kinds[fd] = k.equals("tty") ? HostConsole.Kind.TTY : k.equals("file") ? HostConsole.Kind.FILE : HostConsole.Kind.PIPE;
        }
        StdioFiles.install(t, InputStream.nullInputStream(), guestOut, guestOut, kinds);
        p = new Proc(name, t, !recorded);
        if (!recorded) {
            t.mm().mmap(t, SCRATCH, SCRATCH_SIZE, Prot.PROT_READ | Prot.PROT_WRITE,
                    Prot.MAP_FIXED | Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, "[scratch]");
        }
        procs.put(name, p);
        return p;
    }

    // ------------------------------------------------------------ steps

    private void step(JsonNode s) {
        if (s.has("event")) {
            event(proc(s), s);
        } else if (s.has("nr")) {
            recorded(proc(s), s);
        } else if (s.has("call")) {
            handWritten(s);
        } else {
            throw bad("", "a step needs \"call\" (a system call) or \"event\"");
        }
    }

    private void event(Proc p, JsonNode s) {
        String kind = s.get("event").asText();
        AddressSpace mm = p.task.mm();
        applyShm(p, s);
        try {
            switch (kind) {
                case "map" -> {
                    if (!s.path("anonymous").asBoolean(true)) {
                        throw diverge(p, "map (outside a system call)", "an anonymous mapping",
                                "a file mapping, which replay cannot rebuild");
                    }
                    long brk = num(s, "brk", 0L);
                    if (brk != 0 && mm.brkStart() != brk) {
                        mm.initBrk(brk);
                    }
                    long start = num(s, "start", null), end = num(s, "end", null);
                    mm.mmap(p.task, start, end - start, (int) num(s, "prot", null),
                            Prot.MAP_FIXED | Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0,
                            s.has("name") ? s.get("name").asText() : null);
                }
                case "munmap" -> mm.munmap(num(s, "start", null), num(s, "end", null) - num(s, "start", null));
                case "mprotect" -> mm.mprotect(num(s, "start", null), num(s, "end", null) - num(s, "start", null),
                        (int) num(s, "prot", null));
                case "exit" -> {
                    if (s.has("signal")) {
                        p.task.pendingSignal = s.get("signal").asInt();
                    }
                    p.task.exit((int) num(s, "status", 0L));
                }
                default -> throw bad("event", "unknown event \"" + kind + "\" (map, munmap, mprotect, exit)");
            }
        } catch (KernelError e) {
            throw diverge(p, kind + " (outside a system call)", "success", "-1 " + Errno.name(e.errno()));
        }
    }

    private void applyShm(Proc p, JsonNode s) {
        for (JsonNode w : s.path("shm")) {
            Proc q = w.has("proc") ? procs.get(w.get("proc").asText()) : p;
            if (q == null) {
                throw bad("shm", "unknown process " + w.get("proc"));
            }
            long a = Hex.parse(w.path("addr").asText());
            try {
                byte[] b = bytes(w, "hex");
                q.task.mm().pokeUser(a, b, 0, b.length);
            } catch (KernelError e) {
                throw diverge(q, "guest store into a shared mapping", "0x" + Long.toHexString(a) + " mapped",
                        "not mapped in the replay");
            }
        }
    }

    private byte[] bytes(JsonNode n, String field) {
        if (field.equals("hex") && n.has("fill")) {
            byte[] b = new byte[(int) num(n, "len", null)];
            java.util.Arrays.fill(b, (byte) Hex.parse("0x" + n.get("fill").asText()));
            return b;
        }
        try {
            return Hex.decode(n.path(field).asText());
        } catch (IllegalArgumentException e) {
            throw bad(field, "not hex bytes: " + e.getMessage());
        }
    }

    private long num(JsonNode s, String field, Long dflt) {
        JsonNode v = s.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw bad(field, "missing");
            }
            return dflt;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return Hex.parse(v.asText());
        } catch (NumberFormatException e) {
            throw bad(field, "expected a number, got " + v);
        }
    }

    /** Captures the kernel's writes to user memory during one replayed call. */
    private static final class Writes implements AddressSpace.UserAccess {
        final List<long[]> addrs = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();

        @Override
        public void read(long uaddr, byte[] d) {
        }

        @Override
        public void written(long uaddr, byte[] d) {
            addrs.add(new long[] {uaddr});
            data.add(d);
        }
    }

    private void recorded(Proc p, JsonNode s) {
        int nr = (int) num(s, "nr", null);
        String call = describe(s);
        if (p.task.state() == Task.State.ZOMBIE) {
            throw diverge(p, call, "a live process", "the process has exited");
        }
        applyShm(p, s);
        AddressSpace mm = p.task.mm();
        for (JsonNode in : s.path("in")) {
            long a = Hex.parse(in.path("addr").asText());
            byte[] b = bytes(in, "hex");
            try {
                mm.pokeUser(a, b, 0, b.length);
            } catch (KernelError e) {
                throw diverge(p, call, "user memory at 0x" + Long.toHexString(a) + " mapped", "not mapped in the replay");
            }
        }
        long[] raw = new long[6];
        JsonNode args = s.path("args");
        for (int i = 0; i < 6 && i < args.size(); i++) {
            JsonNode v = args.get(i);
            raw[i] = v.isNumber() ? v.asLong() : Hex.parse(v.asText());
        }
        Writes w = new Writes();
        long r = dispatch(p, nr, raw, w, s.has("t0") ? num(s, "t0", null) : -1, s.has("t") ? num(s, "t", null) : -1, call);
        // the result
        if (s.has("result")) {
            long want = num(s, "result", null);
            if ((int) want != (int) r) {
                throw diverge(p, call, "result " + show(want), "result " + show(r));
            }
        } else if (s.has("errno")) {
            int e = Errno.byName(s.get("errno").asText());
            if ((int) r != -e) {
                throw diverge(p, call, "errno " + s.get("errno").asText(), "result " + show(r));
            }
        }
        // every byte handed back
        JsonNode out = s.path("out");
        for (int i = 0; i < Math.max(out.size(), w.data.size()); i++) {
            if (i >= out.size()) {
                throw diverge(p, call, out.size() + " write(s) to user memory",
                        "one more: " + w.data.get(i).length + " bytes at 0x" + Long.toHexString(w.addrs.get(i)[0]));
            }
            long a = Hex.parse(out.get(i).path("addr").asText());
            byte[] b = bytes(out.get(i), "hex");
            if (i >= w.data.size()) {
                throw diverge(p, call, b.length + " bytes written at 0x" + Long.toHexString(a), "no write (only " + w.data.size() + ")");
            }
            byte[] got = w.data.get(i);
            if (a != w.addrs.get(i)[0] || !java.util.Arrays.equals(b, got)) {
                throw diverge(p, call, "bytes at 0x" + Long.toHexString(a) + ": " + Hex.encode(b) + ioctlFields(s, a, b),
                        "bytes at 0x" + Long.toHexString(w.addrs.get(i)[0]) + ": " + Hex.encode(got) + ioctlFields(s, w.addrs.get(i)[0], got));
            }
        }
    }

    /** " {handle=1}" when a write is an ioctl's struct, to make a report readable. */
    private String ioctlFields(JsonNode s, long addr, byte[] b) {
        if (s.path("nr").asInt() != Nr.ioctl || s.path("args").size() < 3) {
            return "";
        }
        IoctlDecoder.Command c = ioctls.lookup((int) Hex.parse(s.path("args").get(1).asText()));
        if (c == null || c.fields().isEmpty() || addr != Hex.parse(s.path("args").get(2).asText()) || b.length < c.structSize()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (IoctlDecoder.Field f : c.fields()) {
            parts.add(f.name() + "=" + field(b, f.offset(), f.size()));
        }
        return " {" + String.join(", ", parts) + "}";
    }

    private static long field(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    private static String show(long r) {
        int v = (int) r;
        if (v < 0 && v >= -4095) {
            return "-1 " + Errno.name(-v);
        }
        return Long.toString(v) + (v < 0 || v > 0xffff ? String.format(" (0x%x)", r & 0xffffffffL) : "");
    }

    private String describe(JsonNode s) {
        String c = s.path("call").asText("syscall_" + s.path("nr").asText());
        if (s.has("ioctl")) {
            return c + " " + s.get("ioctl").asText();
        }
        return c;
    }

    /** Runs one call at the recorded time; a call that blocked in the recording may block once. */
    private long dispatch(Proc p, int nr, long[] raw, AddressSpace.UserAccess capture, long t0, long t, String call) {
        AddressSpace mm = p.task.mm();
        mm.setUserAccess(capture);
        try {
            if (t0 >= 0) {
                kernel.clock().set(t0);
            } else if (t >= 0) {
                kernel.clock().set(t);
            }
            try {
                return kernel.syscalls().dispatch(p.task, nr, SyscallArgs.of(raw));
            } catch (WouldBlock b) {
                if (t0 < 0 && !p.handWritten) {
                    throw diverge(p, call, "completes", "blocks (nothing would wake it)");
                }
            }
            if (t >= 0) {
                kernel.clock().set(t);
            } else {
                kernel.clock().advance(1_000_000_000L); // hand-written: let a sleep or timeout expire
            }
            try {
                return kernel.syscalls().dispatch(p.task, nr, SyscallArgs.of(raw));
            } catch (WouldBlock b) {
                throw diverge(p, call, "completes", "blocks (nothing would wake it)");
            }
        } finally {
            mm.setUserAccess(null);
        }
    }

    // ------------------------------------------------------------ hand-written steps

    private void handWritten(JsonNode s) {
        String call = s.get("call").asText();
        if (call.equals("cat") || call.equals("debugfs")) {
            Proc p = s.has("proc") ? proc(s) : procNamed("cat");
            cat(p, s, call);
            return;
        }
        Proc p = proc(s);
        p.next = SCRATCH;
        if (call.equals("poke")) {
            long a = value(s, "addr", null);
            byte[] d = data(s, "data");
            try {
                p.task.mm().pokeUser(a, d, 0, d.length);
            } catch (KernelError e) {
                throw diverge(p, "poke", "0x" + Long.toHexString(a) + " mapped", "-1 EFAULT");
            }
            return;
        }
        if (call.equals("peek")) {
            long a = value(s, "addr", null);
            int len = (int) value(s, "len", null);
            byte[] got;
            try {
                got = new byte[len];
                p.task.mm().forEachPage(a, len, 0, (pa, o, n) -> kernel.physicalMemory().read(pa, got, o, n));
            } catch (KernelError e) {
                if (s.path("expect").path("errno").asText().equals("EFAULT")) {
                    return;
                }
                throw diverge(p, "peek", "0x" + Long.toHexString(a) + " mapped", "-1 EFAULT");
            }
            if (s.path("expect").has("errno")) {
                throw diverge(p, "peek", "-1 " + s.path("expect").path("errno").asText(), "readable");
            }
            checkData(p, "peek", s.path("expect"), got);
            return;
        }
        long[] raw = new long[6];
        int nr;
        String label = call;
        IoctlDecoder.Command struct = null;
        long structAddr = 0, bufAddr = 0;
        int recvLen = 0;
        switch (call) {
            case "open" -> {
                nr = Nr.open;
                raw[0] = string(p, s, "path");
                raw[1] = value(s, "flags", 2L);
                raw[2] = value(s, "mode", 0L);
                label = "open " + s.path("path").asText();
            }
            case "close" -> {
                nr = Nr.close;
                raw[0] = value(s, "fd", null);
            }
            case "ioctl" -> {
                nr = Nr.ioctl;
                raw[0] = value(s, "fd", null);
                JsonNode cmd = s.get("cmd");
                if (cmd == null) {
                    throw bad("cmd", "missing");
                }
                IoctlDecoder.Command st = cmd.isTextual() && !cmd.asText().matches("-?(0x)?[0-9a-fA-F]+")
                        ? ioctls.lookup(cmd.asText(), kernel.options().generation().equals("4.9")) : ioctls.lookup((int) value(s, "cmd", null));
                struct = st;
                if (st == null && cmd.isTextual() && !cmd.asText().matches("-?(0x)?[0-9a-fA-F]+")) {
                    throw bad("cmd", "unknown ioctl " + cmd.asText());
                }
                raw[1] = struct != null ? struct.cmd() & 0xffffffffL : value(s, "cmd", null);
                label = "ioctl " + (struct != null ? struct.name() : cmd.asText());
                JsonNode arg = s.get("arg");
                if (arg != null && arg.isObject()) {
                    if (struct == null || struct.fields().isEmpty()) {
                        throw bad("arg", "no struct layout known for " + cmd.asText());
                    }
                    structAddr = p.alloc(struct.structSize());
                    byte[] b = new byte[struct.structSize()];
                    Iterator<Map.Entry<String, JsonNode>> it = arg.fields();
                    while (it.hasNext()) {
                        var e = it.next();
                        IoctlDecoder.Field f = st.fields().stream().filter(x -> x.name().equals(e.getKey())).findFirst()
                                .orElseThrow(() -> bad("arg." + e.getKey(), "no such field in " + st.name()
                                        + " (fields: " + st.fields().stream().map(IoctlDecoder.Field::name).toList() + ")"));
                        if (e.getValue().isObject() && e.getValue().has("text")) {
                            byte[] t = e.getValue().get("text").asText().getBytes(StandardCharsets.UTF_8);
                            if (t.length >= f.size()) {
                                throw bad("arg." + e.getKey(), "text longer than " + (f.size() - 1) + " bytes");
                            }
                            System.arraycopy(t, 0, b, f.offset(), t.length);
                            continue;
                        }
                        long v = valueOf(e.getValue(), "arg." + e.getKey());
                        for (int i = 0; i < f.size(); i++) {
                            b[f.offset() + i] = (byte) (v >>> (8 * i));
                        }
                    }
                    p.task.mm().pokeUser(structAddr, b, 0, b.length);
                    raw[2] = structAddr;
                } else {
                    raw[2] = arg == null ? 0 : value(s, "arg", null);
                }
            }
            case "mmap" -> {
                nr = Nr.mmap2;
                raw[0] = value(s, "addr", 0L);
                raw[1] = value(s, "len", null);
                raw[2] = value(s, "prot", (long) (Prot.PROT_READ | Prot.PROT_WRITE));
                raw[3] = value(s, "flags", (long) Prot.MAP_SHARED);
                raw[4] = value(s, "fd", -1L) & 0xffffffffL;
                raw[5] = value(s, "offset", 0L) >>> 12;
            }
            case "munmap" -> {
                nr = Nr.munmap;
                raw[0] = value(s, "addr", null);
                raw[1] = value(s, "len", null);
            }
            case "read" -> {
                nr = Nr.read;
                raw[0] = value(s, "fd", null);
                recvLen = (int) value(s, "len", null);
                bufAddr = p.alloc(recvLen);
                raw[1] = bufAddr;
                raw[2] = recvLen;
            }
            case "write" -> {
                nr = Nr.write;
                raw[0] = value(s, "fd", null);
                byte[] d = data(s, "data");
                raw[1] = buffer(p, d);
                raw[2] = d.length;
            }
            case "socket" -> {
                nr = Nr.socket;
                raw[0] = value(s, "domain", 1L);
                raw[1] = value(s, "type", 1L);
                raw[2] = value(s, "protocol", 0L);
            }
            case "bind", "connect" -> {
                nr = call.equals("bind") ? Nr.bind : Nr.connect;
                raw[0] = value(s, "fd", null);
                byte[] sp = s.path("path").asText().getBytes(StandardCharsets.UTF_8);
                byte[] sa = new byte[2 + sp.length + 1];
                sa[0] = 1; // AF_UNIX
                System.arraycopy(sp, 0, sa, 2, sp.length);
                raw[1] = buffer(p, sa);
                raw[2] = sa.length;
            }
            case "listen" -> {
                nr = Nr.listen;
                raw[0] = value(s, "fd", null);
                raw[1] = value(s, "backlog", 1L);
            }
            case "accept" -> {
                nr = Nr.accept;
                raw[0] = value(s, "fd", null);
            }
            case "sendmsg", "recvmsg" -> {
                boolean send = call.equals("sendmsg");
                nr = send ? Nr.sendmsg : Nr.recvmsg;
                raw[0] = value(s, "fd", null);
                byte[] d = send ? data(s, "data") : new byte[(int) value(s, "len", 64L)];
                int nfds = send ? s.path("fds").size() : (int) value(s, "max_fds", 4L);
                long iovBase = buffer(p, d);
                long iov = buffer(p, le(iovBase, d.length));
                byte[] cm = new byte[nfds == 0 ? 0 : 12 + 4 * nfds];
                if (nfds > 0) {
                    put(cm, 0, cm.length);
                    put(cm, 4, 1); // SOL_SOCKET
                    put(cm, 8, 1); // SCM_RIGHTS
                    for (int i = 0; send && i < nfds; i++) {
                        put(cm, 12 + 4 * i, (int) valueOf(s.path("fds").get(i), "fds[" + i + "]"));
                    }
                }
                long ctl = cm.length == 0 ? 0 : buffer(p, cm);
                byte[] msg = new byte[28];
                put(msg, 8, (int) iov);
                put(msg, 12, 1);
                put(msg, 16, (int) ctl);
                put(msg, 20, cm.length);
                structAddr = buffer(p, msg);
                raw[1] = structAddr;
                bufAddr = iovBase;
                recvLen = d.length;
            }
            case "exit" -> {
                nr = Nr.exit_group;
                raw[0] = value(s, "status", 0L);
            }
            default -> {
                int n = kernel.syscalls().number(call);
                if (n < 0) {
                    throw bad("call", "unknown system call \"" + call + "\"");
                }
                nr = n;
                JsonNode a = s.path("args");
                for (int i = 0; i < 6 && i < a.size(); i++) {
                    raw[i] = valueOf(a.get(i), "args[" + i + "]") & 0xffffffffL;
                }
            }
        }
        long r = dispatch(p, nr, raw, null, -1, -1, label);
        JsonNode ex = s.path("expect");
        int ri = (int) r;
        boolean failed = ri < 0 && ri >= -4095;
        if (ex.has("errno")) {
            int want = Errno.byName(ex.get("errno").asText());
            if (want < 0) {
                throw bad("expect.errno", "unknown errno name " + ex.get("errno"));
            }
            if (ri != -want) {
                throw diverge(p, label, "-1 " + Errno.name(want), failed ? "-1 " + Errno.name(-ri) : "success, result " + show(r));
            }
        } else if (ex.has("result")) {
            long want = valueOf(ex.get("result"), "expect.result");
            if ((int) want != ri) {
                throw diverge(p, label, "result " + show(want), "result " + show(r));
            }
        } else if (failed) {
            throw diverge(p, label, "success", "-1 " + Errno.name(-ri));
        }
        Map<String, Long> outs = new LinkedHashMap<>();
        if (struct != null && structAddr != 0 && !failed) {
            byte[] b = p.task.mm().copyFromUser(structAddr, struct.structSize());
            for (IoctlDecoder.Field f : struct.fields()) {
                outs.put(f.name(), field(b, f.offset(), f.size()));
            }
        }
        byte[] got = null;
        if ((call.equals("read") || call.equals("recvmsg")) && !failed) {
            got = p.task.mm().copyFromUser(bufAddr, Math.max(ri, 0));
        }
        if (call.equals("recvmsg") && !failed) {
            byte[] msg = p.task.mm().copyFromUser(structAddr, 28);
            int clen = (int) field(msg, 20, 4);
            long ctl = field(msg, 16, 4);
            int nfd = clen >= 12 ? (clen - 12) / 4 : 0;
            byte[] cm = nfd > 0 ? p.task.mm().copyFromUser(ctl, clen) : new byte[0];
            for (int i = 0; i < nfd; i++) {
                outs.put("fds[" + i + "]", field(cm, 12 + 4 * i, 4));
            }
        }
        if (ex.has("out")) {
            Iterator<Map.Entry<String, JsonNode>> it = ex.get("out").fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!outs.containsKey(e.getKey())) {
                    throw bad("expect.out." + e.getKey(), "no such output field (have " + outs.keySet() + ")");
                }
                long want = valueOf(e.getValue(), "expect.out." + e.getKey());
                if (want != outs.get(e.getKey()) && (int) want != outs.get(e.getKey()).intValue()) {
                    throw diverge(p, label, e.getKey() + " = " + want, e.getKey() + " = " + outs.get(e.getKey()));
                }
            }
        }
        if (got != null) {
            checkData(p, label, ex, got);
        }
        bind(p, label, s.get("bind"), r, outs);
    }

    private void bind(Proc p, String label, JsonNode b, long r, Map<String, Long> outs) {
        if (b == null) {
            return;
        }
        if (b.isTextual()) {
            vars.put(b.asText(), r & 0xffffffffL);
            return;
        }
        if (!b.isObject()) {
            throw bad("bind", "expected \"$name\" or {\"field\": \"$name\"}");
        }
        Iterator<Map.Entry<String, JsonNode>> it = b.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("fds") && e.getValue().isArray()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    Long v = outs.get("fds[" + i + "]");
                    if (v == null) {
                        throw diverge(p, label, "an fd received in position " + i, "none");
                    }
                    vars.put(e.getValue().get(i).asText(), v);
                }
                continue;
            }
            Long v = outs.get(e.getKey());
            if (v == null) {
                throw bad("bind." + e.getKey(), "no such output field (have " + outs.keySet() + ")");
            }
            vars.put(e.getValue().asText(), v);
        }
    }

    private void checkData(Proc p, String label, JsonNode ex, byte[] got) {
        if (ex.has("data")) {
            byte[] want = data(ex, "data");
            if (!java.util.Arrays.equals(want, got)) {
                throw diverge(p, label, "data " + printable(want), "data " + printable(got));
            }
        }
        if (ex.has("lines") || ex.has("contains")) {
            String text = new String(got, StandardCharsets.UTF_8);
            List<String> lines = text.lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
            for (JsonNode l : ex.path("lines")) {
                String want = l.asText().trim().replaceAll("\\s+", " ");
                if (!lines.contains(want)) {
                    throw diverge(p, label, "a line \"" + want + "\"", "no such line in:\n" + text.indent(4).stripTrailing());
                }
            }
            for (JsonNode l : ex.path("contains")) {
                if (!text.contains(l.asText())) {
                    throw diverge(p, label, "text containing \"" + l.asText() + "\"", "not found in:\n" + text.indent(4).stripTrailing());
                }
            }
        }
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c >= 0x20 && c < 0x7f && c != '"' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }

    /** Reads a whole file (debugfs, /proc) through open/read/close in a helper process. */
    private void cat(Proc p, JsonNode s, String call) {
        p.next = SCRATCH;
        String fpath = s.path("path").asText();
        if (fpath.isEmpty()) {
            throw bad("path", "missing");
        }
        long pa = buffer(p, (fpath + "\0").getBytes(StandardCharsets.UTF_8));
        long fd = kernel.syscalls().dispatch(p.task, Nr.open, SyscallArgs.of(pa, 0, 0));
        if ((int) fd < 0) {
            throw diverge(p, call + " " + fpath, "the file opens", "-1 " + Errno.name(-(int) fd));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long buf = p.alloc(4096);
        while (true) {
            long n = kernel.syscalls().dispatch(p.task, Nr.read, SyscallArgs.of(fd, buf, 4096));
            if ((int) n <= 0) {
                break;
            }
            all.writeBytes(p.task.mm().copyFromUser(buf, (int) n));
        }
        kernel.syscalls().dispatch(p.task, Nr.close, SyscallArgs.of(fd));
        checkData(p, call + " " + fpath, s.path("expect"), all.toByteArray());
    }

    private Proc procNamed(String name) {
        Proc p = procs.get(name);
        if (p == null) {
            com.fasterxml.jackson.databind.node.ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            n.put("proc", name);
            p = proc(n);
        }
        return p;
    }

    private long buffer(Proc p, byte[] d) {
        long a = p.alloc(d.length);
        p.task.mm().pokeUser(a, d, 0, d.length);
        return a;
    }

    private long string(Proc p, JsonNode s, String field) {
        JsonNode v = s.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(field, "expected a string");
        }
        return buffer(p, (v.asText() + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private byte[] data(JsonNode s, String field) {
        JsonNode v = s.get(field);
        if (v == null) {
            throw bad(field, "missing");
        }
        if (v.isTextual()) {
            return v.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (v.isObject() && v.has("hex")) {
            return bytes(v, "hex");
        }
        throw bad(field, "expected a string or {\"hex\": \"...\"}");
    }

    private static byte[] le(long a, long b) {
        byte[] r = new byte[8];
        put(r, 0, (int) a);
        put(r, 4, (int) b);
        return r;
    }

    private static void put(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private long value(JsonNode s, String field, Long dflt) {
        JsonNode v = s.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw bad(field, "missing");
            }
            return dflt;
        }
        return valueOf(v, field);
    }

    /** A number, "0x..", "$name", "heap:NAME", or constants joined by "|" (O_RDWR|O_CLOEXEC). */
    private long valueOf(JsonNode v, String field) {
        if (v.isNumber()) {
            return v.asLong();
        }
        if (!v.isTextual()) {
            throw bad(field, "expected a number or a name, got " + v);
        }
        long acc = 0;
        for (String part : v.asText().split("\\|")) {
            acc |= term(part.trim(), field);
        }
        return acc;
    }

    private long term(String t, String field) {
        if (t.startsWith("$")) {
            Long x = vars.get(t);
            if (x == null) {
                throw bad(field, t + " is not bound by an earlier step");
            }
            return x;
        }
        if (t.startsWith("heap:")) {
            String name = t.substring(5);
            for (IonHeapSpec h : kernel.board().ionHeaps()) {
                if (h.name().equals(name)) {
                    return 1L << h.id();
                }
            }
            throw bad(field, "no ION heap named " + name + " on this board");
        }
        Long c = CONSTANTS.get(t);
        if (c != null) {
            return c;
        }
        try {
            return Hex.parse(t);
        } catch (NumberFormatException e) {
            throw bad(field, "unknown name " + t);
        }
    }

    static final Map<String, Long> CONSTANTS = new HashMap<>();

    static {
        Object[] kv = {"O_RDONLY", 0, "O_WRONLY", 1, "O_RDWR", 2, "O_CREAT", 0x40, "O_EXCL", 0x80, "O_TRUNC", 0x200,
            "O_APPEND", 0x400, "O_NONBLOCK", 0x800, "O_CLOEXEC", 0x80000,
            "PROT_NONE", 0, "PROT_READ", 1, "PROT_WRITE", 2, "PROT_EXEC", 4,
            "MAP_SHARED", 1, "MAP_PRIVATE", 2, "MAP_FIXED", 0x10, "MAP_ANONYMOUS", 0x20,
            "AF_UNIX", 1, "SOCK_STREAM", 1, "SOCK_DGRAM", 2, "SOCK_SEQPACKET", 5,
            "ION_FLAG_CACHED", 1, "ION_FLAG_CACHED_NEEDS_SYNC", 2,
            "DMA_BUF_SYNC_READ", 1, "DMA_BUF_SYNC_WRITE", 2, "DMA_BUF_SYNC_RW", 3, "DMA_BUF_SYNC_START", 0,
            "DMA_BUF_SYNC_END", 4, "NULL", 0, "AT_FDCWD", -100};
        for (int i = 0; i < kv.length; i += 2) {
            CONSTANTS.put((String) kv[i], ((Integer) kv[i + 1]).longValue());
        }
    }
}
