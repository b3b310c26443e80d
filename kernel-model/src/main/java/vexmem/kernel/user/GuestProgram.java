package vexmem.kernel.user;

/** A Java guest program: its main gets the process's C library. The return value is the exit status. */
@FunctionalInterface
public interface GuestProgram {
    int main(Libc libc, String[] args) throws Exception;
}
