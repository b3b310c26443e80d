package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import vexmem.kernel.Errno;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.user.LibcError;

/** Java port of ion_share_import.c (document 003). */
public final class IonShareImport implements GuestProgram {
    static final int BUF_LEN = 16384, MAX_Q = 32;
    static final String DEBUG_ION = "/sys/kernel/debug/ion";

    /** strtoll: the leading integer of s (0 when none). */
    static long strtoll(String s) {
        s = s.trim();
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        try {
            return Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A line whose token colKey equals key: the number in column colVal, or -1 (separators " \t:"). */
    static long findRow(String text, int colKey, String key, int colVal) {
        for (String line : text.split("\n")) {
            String[] tok = java.util.Arrays.stream(line.split("[ \t:]+")).filter(t -> !t.isEmpty()).limit(8)
                    .toArray(String[]::new);
            if (tok.length > colKey && tok.length > colVal && tok[colKey].equals(key)) {
                return strtoll(tok[colVal]);
            }
        }
        return -1;
    }

    /** clients/<pid>-<n> lines are "%16.16s: %16zu": heap name cut to 16 characters, a colon, the size. */
    static long clientHeapSize(String text, String heap) {
        String cut = heap.length() > 16 ? heap.substring(0, 16) : heap;
        for (String line : text.split("\n")) {
            String s = line.replaceFirst("^ +", "");
            if (s.startsWith(cut) && s.length() > cut.length() && s.charAt(cut.length()) == ':') {
                return strtoll(s.substring(cut.length() + 1));
            }
        }
        return -1;
    }

    private static String showFile(Libc c, String path) {
        String text;
        try {
            text = readTextFile(c, path);
        } catch (LibcError e) {
            perr(c, path, e.errno());
            return null;
        }
        c.printf("---- %s ----\n%s", path, text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            c.printf("\n");
        }
        c.printf("---- end ----\n");
        return text;
    }

    @Override
    public int main(Libc c, String[] args) {
        c.printf("ion_share_import: start (pid %d)\n", c.getpid());
        int c1 = IonLib.open(c);
        if (c1 < 0) {
            perr(c, "ion_open", c1);
            throw fail(c, "open /dev/ion: %s", errnoName(c1));
        }

        // ---- heap query ----
        int[] cnt = new int[1];
        int r = IonLib.queryHeapCnt(c, c1, cnt);
        if (r < 0) {
            perr(c, "ION_IOC_HEAP_QUERY (count)", r);
            throw fail(c, "ION_IOC_HEAP_QUERY count: %s", errnoName(r));
        }
        c.printf("ION_IOC_HEAP_QUERY: %d heaps\n", cnt[0]);
        if (cnt[0] <= 0) {
            throw fail(c, "no ION heaps");
        }
        IonLib.HeapQuery q = IonLib.queryGetHeaps(c, c1, Math.min(cnt[0], MAX_Q));
        if (q.result() < 0) {
            perr(c, "ION_IOC_HEAP_QUERY (records)", q.result());
            throw fail(c, "ION_IOC_HEAP_QUERY records: %s", errnoName(q.result()));
        }
        c.printf("ION_IOC_HEAP_QUERY records: %d%s\n", q.heaps().size(),
                q.quirk() ? " (returned EINVAL with records filled: mainline 4.9 quirk)" : " (returned 0)");
        String heapName = "";
        int mask = IonLib.ION_HEAP_SYSTEM_MASK;
        for (IonLib.HeapData h : q.heaps()) {
            c.printf("  heap id=%d type=%d name=\"%s\"\n", h.heapId(), h.type(), h.name());
            if (h.type() == IonLib.ION_HEAP_TYPE_SYSTEM && heapName.isEmpty()) {
                heapName = h.name();
                mask = 1 << h.heapId();
            }
        }
        if (heapName.isEmpty()) {
            throw fail(c, "HEAP_QUERY lists no system heap");
        }
        c.printf("using heap \"%s\" (mask 0x%x)\n", heapName, mask);

        // ---- alloc / share / import ----
        int[] h = new int[1];
        r = IonLib.alloc(c, c1, BUF_LEN, 0, mask, 0, h);
        if (r < 0) {
            throw failErr(c, "ION_IOC_ALLOC", "ION_IOC_ALLOC", r);
        }
        c.printf("ION_IOC_ALLOC ok: handle=%d len=%d\n", h[0], BUF_LEN);
        int[] share = new int[1];
        r = IonLib.share(c, c1, h[0], share);
        if (r < 0) {
            throw failErr(c, "ION_IOC_SHARE", "ION_IOC_SHARE", r);
        }
        int shareFd = share[0];
        c.printf("ION_IOC_SHARE ok: fd=%d\n", shareFd);
        long p1 = c.mmap(0, BUF_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, shareFd, 0);
        if (failed(p1)) {
            perr(c, "mmap shared fd", p1);
            throw fail(c, "mmap: %s", errnoName(p1));
        }
        byte[] pat = new byte[BUF_LEN];
        fillPattern(pat, 0x77);
        c.poke(p1, pat);

        int[] hSame = new int[1];
        r = IonLib.importFd(c, c1, shareFd, hSame);
        if (r < 0) {
            throw failErr(c, "ION_IOC_IMPORT (same client)", "ION_IOC_IMPORT same client", r);
        }
        if (hSame[0] != h[0]) {
            throw fail(c, "IMPORT in the same client returned handle %d, expected %d", hSame[0], h[0]);
        }
        c.printf("IMPORT in same client returned same handle %d\n", hSame[0]);

        int c2 = IonLib.open(c);
        if (c2 < 0) {
            perr(c, "ion_open (second client)", c2);
            throw fail(c, "second open /dev/ion: %s", errnoName(c2));
        }
        int[] h2 = new int[1];
        r = IonLib.importFd(c, c2, shareFd, h2);
        if (r < 0) {
            throw failErr(c, "ION_IOC_IMPORT (second client)", "ION_IOC_IMPORT second client", r);
        }
        if (h2[0] <= 0) {
            throw fail(c, "second client got invalid handle %d", h2[0]);
        }
        c.printf("second client handle %d\n", h2[0]);
        long[] m = new long[2];
        r = IonLib.map(c, c2, h2[0], BUF_LEN, PROT_READ, MAP_SHARED, 0, m);
        if (r < 0) {
            throw failErr(c, "ion_map (second client)", "ION_IOC_MAP + mmap in second client", r);
        }
        long p2 = m[0];
        int mapFd2 = (int) m[1];
        long bad = checkPattern(c.peek(p2, BUF_LEN), 0x77);
        if (bad >= 0) {
            throw fail(c, "second client sees different data at offset %d", bad);
        }
        c.printf("second client sees the first client's data (%d bytes)\n", BUF_LEN);

        r = IonLib.syncFd(c, c1, shareFd);
        if (r < 0) {
            perr(c, "ION_IOC_SYNC (informative)", r);
        } else {
            c.printf("ION_IOC_SYNC ok\n");
        }

        // ---- custom ----
        r = IonLib.custom(c, c1, 0, 0);
        if (r == -Errno.ENOTTY) {
            c.printf("ION_IOC_CUSTOM: ENOTTY (expected: no platform handler)\n");
        } else if (r == 0) {
            throw fail(c, "ION_IOC_CUSTOM succeeded, expected ENOTTY");
        } else {
            perr(c, "ION_IOC_CUSTOM", r);
            throw fail(c, "ION_IOC_CUSTOM: %s, expected ENOTTY", errnoName(r));
        }

        // ---- debugfs ----
        String pid = Integer.toString(c.getpid());
        String path = DEBUG_ION + "/heaps/" + heapName;
        String text = showFile(c, path);
        if (text == null) {
            throw fail(c, "cannot read %s", path);
        }
        long sz = findRow(text, 1, pid, 2);
        if (sz < BUF_LEN) {
            throw fail(c, "%s does not list pid %s with >= %d bytes", path, pid, BUF_LEN);
        }
        c.printf("debugfs heap lists pid %s with %d bytes\n", pid, sz);

        path = DEBUG_ION + "/clients/" + pid + "-0";
        text = showFile(c, path);
        if (text == null) {
            throw fail(c, "cannot read %s", path);
        }
        sz = clientHeapSize(text, heapName);
        if (sz < BUF_LEN) {
            throw fail(c, "%s does not list heap %s with >= %d bytes", path, heapName, BUF_LEN);
        }
        c.printf("debugfs client lists heap %s with %d bytes\n", heapName, sz);
        showFile(c, DEBUG_ION + "/clients/" + pid + "-1");

        // ---- free everything ----
        c.munmap(p2, BUF_LEN);
        c.close(mapFd2);
        r = IonLib.free(c, c2, h2[0]);
        if (r < 0) {
            throw failErr(c, "ION_IOC_FREE (second client)", "ION_IOC_FREE second client", r);
        }
        // ALLOC and the same-client IMPORT each hold a reference on h.
        r = IonLib.free(c, c1, h[0]);
        if (r < 0) {
            throw failErr(c, "ION_IOC_FREE #1", "ION_IOC_FREE #1", r);
        }
        r = IonLib.free(c, c1, h[0]);
        if (r < 0) {
            throw failErr(c, "ION_IOC_FREE #2", "ION_IOC_FREE #2 (import reference)", r);
        }
        r = IonLib.free(c, c1, h[0]);
        if (r != -Errno.EINVAL) {
            throw fail(c, "ION_IOC_FREE #3 returned %s, expected EINVAL (handle gone)", errnoName(r));
        }
        c.printf("handle %d freed twice (alloc + import), third FREE: EINVAL (expected)\n", h[0]);
        bad = checkPattern(c.peek(p1, BUF_LEN), 0x77);
        if (bad >= 0) {
            throw fail(c, "mapping lost data after handles were freed (offset %d)", bad);
        }
        c.printf("mapping still valid while the dma-buf fd is open\n");
        c.munmap(p1, BUF_LEN);
        c.close(shareFd);
        IonLib.close(c, c2);
        IonLib.close(c, c1);
        c.printf("all freed\n");
        return pass(c);
    }
}
