package vexmem.emulator;

/** ARM Linux signal numbers and the si_code names strace prints. */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGSYS = 31;
    private static final String[] NAMES = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {
    }

    public static String name(int sig) {
        return sig >= 0 && sig < NAMES.length ? NAMES[sig] : "SIGRT_" + (sig - 32);
    }

    /** True when the default action terminates the process (everything but CHLD, CONT, URG, WINCH, STOP-ish). */
    public static boolean defaultKills(int sig) {
        return sig != SIGCHLD && sig != SIGCONT && sig != 23 && sig != 28 && sig != SIGSTOP && sig != 20
                && sig != 21 && sig != 22 && sig > 0 && sig < 65;
    }
}
