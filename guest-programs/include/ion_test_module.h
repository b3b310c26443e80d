/*
 * ion_test_module.h - ABI of the "vion" character driver (/dev/vion_dev),
 * document 001.  The document does not print this header; vexmem defines it.
 *
 * The ioctl argument is a pointer to an int holding a dma-buf fd exported by
 * ION (ION_IOC_SHARE / ION_IOC_MAP).
 *
 * ARM32 numbers (checked with tools/abi_check under qemu-arm):
 *   VION_REGISTER_ION    _IOW('V', 1, int)  0x40045601
 *   VION_UNREGISTER_ION  _IOW('V', 2, int)  0x40045602
 */
#ifndef VEXMEM_GUEST_ION_TEST_MODULE_H
#define VEXMEM_GUEST_ION_TEST_MODULE_H

#include <linux/ioctl.h>

#define VION_DEV "/dev/vion_dev"
#define VION_MAGIC_STRING "ion buffer test magic string"

#define VION_IOC_MAGIC 'V'
#define VION_REGISTER_ION   _IOW(VION_IOC_MAGIC, 1, int)
#define VION_UNREGISTER_ION _IOW(VION_IOC_MAGIC, 2, int)

#endif
