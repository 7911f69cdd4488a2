/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest exception entry: one stub per vector builds a struct ex_regs on
 * the stack and calls guest_route_exception().  The CPU pushes an error
 * code for vectors 8, 10-14, 17, 21, 29 and 30; the others push 0, so the
 * frame has one shape.
 */
	.text
	.code64

.macro STUB vec
	.balign 16
guest_exc_stub_\vec:
	.if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	guest_exc_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \v
	.endr

guest_exc_common:
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%r11
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rdi
	pushq	%rsi
	pushq	%rbp
	pushq	%rbx
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	/* 5 CPU words + 2 + 15 = 22 words: RSP is 16-byte aligned here. */
	movq	%rsp, %rdi
	call	guest_route_exception
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rbx
	popq	%rbp
	popq	%rsi
	popq	%rdi
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	addq	$16, %rsp
	iretq

	.section .data.rel.ro, "aw"
	.balign 8
	.globl guest_exc_stubs
guest_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad guest_exc_stub_\v
	.endr

	.section .note.GNU-stack,"",@progbits
