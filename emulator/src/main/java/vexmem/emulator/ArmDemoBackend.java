package vexmem.emulator;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import vexmem.guest.Demo;
import vexmem.guest.DemoBackend;
import vexmem.guest.ProcessResult;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.HostConsole;

/**
 * Runs a demo's processes as the committed static ARM binaries under Unicorn, all on the booted
 * board, started in order. Output goes to the console as the guests write it; a copy of each
 * process's stdout is kept so the runner can judge it.
 */
public final class ArmDemoBackend implements DemoBackend {
    private final SyscallTracer tracer;

    public ArmDemoBackend() {
        this(null);
    }

    /** @param tracer prints every system call when not null */
    public ArmDemoBackend(SyscallTracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public String name() {
        return "arm";
    }

    @Override
    public List<ProcessResult> run(Kernel k, Demo demo, PrintStream stdout, PrintStream stderr) {
        Emulator emu = new Emulator(k);
        emu.setTracer(tracer);
        List<TeeOutputStream> outs = new ArrayList<>();
        List<GuestProcess> procs = new ArrayList<>();
        for (List<String> argv : demo.processes()) {
            TeeOutputStream out = new TeeOutputStream(stdout);
            Stdio stdio = new Stdio(InputStream.nullInputStream(), out, stderr, HostConsole.Kind.PIPE);
            procs.add(emu.spawn(GuestBinaries.resolve(argv.get(0)), argv, stdio));
            outs.add(out);
        }
        emu.runAll();
        List<ProcessResult> results = new ArrayList<>();
        for (int i = 0; i < procs.size(); i++) {
            GuestProcess p = procs.get(i);
            results.add(new ProcessResult(demo.processes().get(i).get(0), p.pid(), p.exitStatus(), outs.get(i).captured()));
        }
        return results;
    }
}
