package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** TEST DOUBLE shadowing the VFS branch's DebugFs (delete after merging vfs). */
public final class DebugFs {
    private final TreeMap<String, Supplier<String>> shows = new TreeMap<>();
    private final TreeMap<String, Consumer<String>> stores = new TreeMap<>();

    public void createDir(String relPath) {
    }

    public synchronized void createFile(String relPath, int mode, Supplier<String> show, Consumer<String> store) {
        shows.put(relPath, show);
        if (store != null) {
            stores.put(relPath, store);
        }
    }

    public synchronized void remove(String relPath) {
        shows.keySet().removeIf(p -> p.equals(relPath) || p.startsWith(relPath + "/"));
        stores.keySet().removeIf(p -> p.equals(relPath) || p.startsWith(relPath + "/"));
    }

    /** Test-only: the content of a file, or null. */
    public synchronized String read(String relPath) {
        Supplier<String> s = shows.get(relPath);
        return s == null ? null : s.get();
    }

    public synchronized void write(String relPath, String v) {
        stores.get(relPath).accept(v);
    }

    public synchronized List<String> files() {
        return new ArrayList<>(shows.keySet());
    }
}
