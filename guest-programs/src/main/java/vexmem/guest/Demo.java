package vexmem.guest;

import java.util.List;

/**
 * One of the documents' demos: which programs run (the first is the main process, the others are
 * spawned after it on the same board) and what must appear in the kernel log for the demo to count
 * as passed, beyond every process exiting 0 with "RESULT: PASS" and a clean leak check.
 *
 * @param id         short name used on the command line
 * @param document   which source document and section it comes from
 * @param title      one line saying what it shows
 * @param processes  program names with arguments; the same names exist as ARM binaries in
 *                   guest-programs/bin and as Java guests
 * @param kernelLog  substrings the kernel log must contain
 */
public record Demo(String id, String document, String title, List<List<String>> processes, List<String> kernelLog) {
    public List<String> programNames() {
        return processes.stream().map(p -> p.get(0)).toList();
    }
}
