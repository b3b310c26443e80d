package vexmem.guest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import vexmem.guest.java.JavaGuests;
import vexmem.kernel.Kernel;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.JavaGuestRunner;

/**
 * Runs a demo's processes as Java guests ({@link JavaGuests}) under a {@link JavaGuestRunner}: all are
 * spawned in order (pid order = start order) and run concurrently under the board's deterministic
 * scheduler. Each process's output is printed after the run, process by process, behind a
 * "--- NAME[pid] ---" line when there is more than one process.
 */
public final class JavaDemoBackend implements DemoBackend {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public List<ProcessResult> run(Kernel k, Demo demo, PrintStream stdout, PrintStream stderr) {
        JavaGuestRunner runner = new JavaGuestRunner(k);
        for (List<String> proc : demo.processes()) {
            String name = proc.get(0);
            GuestProgram p = JavaGuests.create(name)
                    .orElseThrow(() -> new IllegalArgumentException(name + ": no such Java guest"));
            runner.spawn(name, p, proc.subList(1, proc.size()).toArray(String[]::new));
        }
        List<JavaGuestRunner.Result> results = runner.run();
        boolean several = results.size() > 1;
        List<ProcessResult> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JavaGuestRunner.Result r = results.get(i);
            String program = demo.processes().get(i).get(0); // the comm is cut to 15 characters
            if (several) {
                stdout.printf("--- %s[%d] ---%n", program, r.pid());
            }
            stdout.print(r.stdout());
            stdout.flush();
            stderr.print(r.stderr());
            stderr.flush();
            if (several) {
                stdout.printf("--- %s[%d] exited with status %d ---%n", program, r.pid(), r.status());
            }
            out.add(new ProcessResult(program, r.pid(), r.status(), r.stdout()));
        }
        return out;
    }
}
