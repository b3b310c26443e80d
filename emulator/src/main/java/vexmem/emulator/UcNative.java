package vexmem.emulator;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import unicorn.Unicorn;

/**
 * The exported C API of the Unicorn library that the Java binding extracted and loaded. The binding's
 * own {@code mem_map_ptr(byte[])} maps a private copy, so sharing host memory needs the C call.
 */
interface UcNative extends Library {
    int uc_mem_map_ptr(long uc, long address, long size, int perms, Pointer ptr);

    int uc_mem_unmap(long uc, long address, long size);

    int uc_mem_protect(long uc, long address, long size, int perms);

    int uc_reg_read(long uc, int regid, int[] value);

    int uc_reg_write(long uc, int regid, int[] value);

    String uc_strerror(int err);

    /**
     * zhkl0228's addition to Unicorn 1.0.14: when set (uc_open's default) every uc_emu_start ends with a
     * tb_flush, i.e. all translated code is thrown away whenever the engine stops.
     */
    int uc_set_tb_flush_on_finish(long uc, boolean flag);

    /** Finds the native library in this process's mappings (it is loaded by the first {@code new Unicorn}). */
    static UcNative load() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int i = line.indexOf('/');
                if (i >= 0 && line.contains("unicorn_java")) {
                    String path = line.substring(i).trim();
                    return Native.load(path, UcNative.class);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/maps", e);
        }
        throw new IllegalStateException("libunicorn_java.so is not loaded");
    }

    /** The {@code uc_engine*} behind a binding object. */
    static long handle(Unicorn u) {
        try {
            Field f = Unicorn.class.getDeclaredField("eng");
            f.setAccessible(true);
            return f.getLong(u);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unicorn binding without an 'eng' field", e);
        }
    }

    static String check(int err, String what) {
        if (err != 0) {
            throw new IllegalStateException(what + ": " + Holder.C.uc_strerror(err));
        }
        return null;
    }

    /** Lazily loaded after the first engine exists. */
    final class Holder {
        static final UcNative C = load();

        private Holder() {
        }
    }

}
