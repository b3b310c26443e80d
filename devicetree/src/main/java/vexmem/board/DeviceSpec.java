package vexmem.board;

import java.util.List;

/**
 * A device node the kernel model will bind a driver to (matched by compatible), with the
 * reserved-memory regions its memory-region phandles point at.
 */
public record DeviceSpec(String path, String name, List<String> compatible, List<String> memoryRegionPaths) { }
