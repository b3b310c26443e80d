package vexmem.cli;

import picocli.CommandLine;

/** --version text. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {
            "vexmem " + (v == null ? "0.1.0" : v),
            "Kernel model: Linux 4.9 ION legacy ABI, dma-buf, DMA-BUF heaps; CPU: Unicorn 1.0.x (ARMv7)",
            "License: GPL-2.0-or-later"
        };
    }
}
