/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot sector that loads an uncompressed Linux kernel and its initramfs from the boot disk and
 * starts the kernel through its PVH entry point.
 *
 * Why: under Bochs, a bzImage loaded through isolinux spends most of its boot decompressing
 * itself instruction by instruction. Instead the host decompresses the kernel once and lays out
 * the disk as the memory image it wants (flat kernel at its load address, then the initramfs,
 * then the command line). This sector copies that image into RAM with plain ATA PIO (Bochs
 * moves `rep insl` in bulk), collects the BIOS E820 map, fills struct hvm_start_info, and jumps
 * to the kernel's XEN_ELFNOTE_PHYS32_ENTRY in 32-bit flat protected mode with %ebx pointing at
 * the start info, as the PVH boot ABI asks. (Bochs's own optramimage loader cannot be used:
 * it copies a file into host memory contiguously, but Bochs hands out guest RAM in 128 KiB
 * blocks in first-touch order, so anything larger than one block lands scrambled.)
 *
 * The host assembles it per boot image with --defsym: ENTRY (PVH entry), LOAD_ADDR and
 * LOAD_SECTORS (the image on disk from LBA 1 on), INITRD and INITRD_SIZE, CMDLINE.
 */
	.set	MAX_E820, 32
	.set	memmap, 0x7e00		/* E820 table, just past this sector */
	.set	ATA, 0x1f0

	.code16
	.section .text
	.globl _start
_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$0x7c00, %sp

	/* A20 on through the fast gate (the BIOS may have left it off). */
	inb	$0x92, %al
	orb	$2, %al
	andb	$0xfe, %al
	outb	%al, $0x92

	/* BIOS E820 map into the PVH memmap table (24-byte entries, 20 filled by the BIOS). */
	xorl	%ebx, %ebx
	movw	$memmap, %di
	xorw	%bp, %bp
1:	movl	$0xe820, %eax
	movl	$24, %ecx
	movl	$0x534d4150, %edx
	movl	$0, 20(%di)
	int	$0x15
	jc	2f
	cmpl	$0x534d4150, %eax
	jne	2f
	addw	$24, %di
	incw	%bp
	cmpw	$MAX_E820, %bp
	jae	2f
	testl	%ebx, %ebx
	jnz	1b
2:	movw	%bp, memmap_entries

	lgdtl	gdt_desc
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $pm32

	.code32
pm32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	movl	$0x7c00, %esp

	/* COM1 at 115200 8N1: the BIOS leaves it unset, and the kernel sets it up again anyway. */
	movw	$0x3fb, %dx
	movb	$0x83, %al		/* DLAB on, 8N1 */
	outb	%al, %dx
	movw	$0x3f8, %dx
	movb	$1, %al			/* divisor 1 */
	outb	%al, %dx
	incw	%dx
	xorb	%al, %al
	outb	%al, %dx
	movw	$0x3fb, %dx
	movb	$0x03, %al		/* DLAB off */
	outb	%al, %dx

	/* Read LOAD_SECTORS sectors from LBA 1 to LOAD_ADDR, 256 sectors per command (LBA28). */
	movw	$0x3f6, %dx		/* nIEN: no IRQ 14 while interrupts are off anyway */
	movb	$2, %al
	outb	%al, %dx
	movl	$1, %esi		/* next LBA */
	movl	$LOAD_ADDR, %edi
	movl	$LOAD_SECTORS, %ebp	/* sectors left */
cmd:	movl	$256, %ebx
	cmpl	%ebx, %ebp
	jae	1f
	movl	%ebp, %ebx
1:	call	wait_ready
	movw	$ATA + 2, %dx		/* sector count: 256 is written as 0 */
	movb	%bl, %al
	outb	%al, %dx
	movl	%esi, %eax
	incw	%dx			/* LBA 0-7 */
	outb	%al, %dx
	shrl	$8, %eax
	incw	%dx			/* LBA 8-15 */
	outb	%al, %dx
	shrl	$8, %eax
	incw	%dx			/* LBA 16-23 */
	outb	%al, %dx
	shrl	$8, %eax
	andb	$0x0f, %al
	orb	$0xe0, %al		/* LBA mode, master, LBA 24-27 */
	incw	%dx
	outb	%al, %dx
	movb	$0x20, %al		/* READ SECTORS */
	incw	%dx
	outb	%al, %dx
	addl	%ebx, %esi
	subl	%ebx, %ebp
sector:	call	wait_ready
	testb	$0x01, %al		/* ERR */
	jnz	fail
	testb	$0x08, %al		/* DRQ */
	jz	sector
	movw	$ATA, %dx
	movl	$128, %ecx
	rep insl
	decl	%ebx
	jnz	sector
	testl	%ebp, %ebp
	jnz	cmd
	movl	$msg_done, %esi
	call	puts

	movl	$start_info, %ebx
	movl	$ENTRY, %eax
	jmp	*%eax

wait_ready:				/* status in %al once BSY is clear */
	movw	$ATA + 7, %dx
1:	inb	%dx, %al
	testb	$0x80, %al
	jnz	1b
	ret

puts:					/* %esi: string to COM1, polling for room */
	movw	$0x3fd, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	lodsb
	testb	%al, %al
	jz	2f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	puts
2:	ret

fail:	movl	$msg_fail, %esi		/* say why, then stop: the host's time limit ends the boot */
	call	puts
1:	hlt
	jmp	1b
msg_done: .asciz "pvh-boot: loaded\r\n"
msg_fail: .asciz "pvh-boot: disk error\r\n"

	.balign 8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code, base 0, 4 GiB */
	.quad	0x00cf92000000ffff	/* 0x10: data, base 0, 4 GiB */
gdt_desc:
	.word	gdt_desc - gdt - 1
	.long	gdt

	.balign 8
start_info:				/* struct hvm_start_info, version 1 */
	.long	0x336ec578		/* magic */
	.long	1			/* version */
	.long	0			/* flags */
	.long	1			/* nr_modules: the initramfs */
	.quad	modlist			/* modlist_paddr */
	.quad	CMDLINE			/* cmdline_paddr */
	.quad	0			/* rsdp_paddr: 0 lets Linux scan the BIOS area */
	.quad	memmap			/* memmap_paddr */
memmap_entries:
	.long	0
	.long	0
modlist:				/* struct hvm_modlist_entry */
	.quad	INITRD			/* paddr */
	.quad	INITRD_SIZE		/* size */
	.quad	0			/* cmdline_paddr */
	.quad	0

	.org	510
	.byte	0x55, 0xaa
