package vexmem.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * printk and the log buffer. Lines carry a level and a timestamp from the board's virtual clock, so
 * the log of a run is the same every time. Consumers (the CLI's serial console) see each line as it
 * is printed; {@link #lines()} is dmesg.
 */
public final class KernelLog {
    public static final int EMERG = 0, ALERT = 1, CRIT = 2, ERR = 3, WARNING = 4, NOTICE = 5, INFO = 6, DEBUG = 7;

    /** One printed line. */
    public record Line(long timeNanos, int level, String text) {
        /** The line as dmesg prints it: "[    1.000123] text". */
        public String format() {
            long us = timeNanos / 1000;
            return String.format("[%5d.%06d] %s", us / 1_000_000, us % 1_000_000, text);
        }
    }

    private final VirtualClock clock;
    private final List<Line> lines = new ArrayList<>();
    private final List<Consumer<Line>> consumers = new CopyOnWriteArrayList<>();

    public KernelLog(VirtualClock clock) {
        this.clock = clock;
    }

    public void addConsumer(Consumer<Line> c) {
        consumers.add(c);
    }

    public void removeConsumer(Consumer<Line> c) {
        consumers.remove(c);
    }

    public void printk(int level, String fmt, Object... args) {
        String text = args.length == 0 ? fmt : String.format(fmt, args);
        for (String part : text.split("\n", -1)) {
            if (part.isEmpty() && text.endsWith("\n")) {
                continue;
            }
            Line l = new Line(clock.nanos(), level, part);
            synchronized (this) {
                lines.add(l);
            }
            for (Consumer<Line> c : consumers) {
                c.accept(l);
            }
        }
    }

    public void info(String fmt, Object... args) {
        printk(INFO, fmt, args);
    }

    public void warn(String fmt, Object... args) {
        printk(WARNING, fmt, args);
    }

    public void err(String fmt, Object... args) {
        printk(ERR, fmt, args);
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** True if any line contains {@code text}. */
    public synchronized boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.text().contains(text));
    }
}
