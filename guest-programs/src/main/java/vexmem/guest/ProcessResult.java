package vexmem.guest;

/** How one guest process of a demo ended: its exit status (128 + signal if killed) and its stdout. */
public record ProcessResult(String program, int pid, int status, String stdout) {
}
