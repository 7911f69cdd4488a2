// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx-disk: read the payload disk of the emulated machine (the tests and
 * their parameters, emulator/lib/checkpoint.sh) and write its archive to
 * stdout.
 *
 *   nvmx-disk [--checkpoint] PARAMS_FILE
 *
 * The payload is the slave drive of the first ATA channel.  The guest has no
 * ATA driver (the kernel boots from memory, PVH): this reads it with port
 * I/O, the way the boot sector reads the boot disk, so no kernel state ever
 * holds the disk's contents.  That matters for a checkpoint: a machine saved
 * while it waits here, and restored with another payload disk, must read the
 * new disk, not a cached copy of the old one.
 *
 * Sectors 0 to 7 are a header: "NVMX-PAYLOAD 1 <bytes> <id>\n", then the
 * run's parameters as shell assignments (written to PARAMS_FILE), NUL after
 * the last; the archive (<bytes>) follows from sector 8.  Until a header is
 * there this waits, polling every 10 ms
 * (halted in between, which costs the emulator nothing), so the machine can
 * be saved while it waits.
 *
 * --checkpoint first asks the emulator to save the machine (a write of 'C'
 * to port 0x8902: emulator/bochs-patches/checkpoint.patch).  The save comes
 * a few instructions later, while this sleeps; the saving run then ends, and
 * each restored run wakes up here and reads its own payload disk.
 * Exit: 0, 1 on an I/O error or a bad header (said on stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/io.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ATA_DATA	0x1f0
#define ATA_COUNT	0x1f2
#define ATA_LBA0	0x1f3
#define ATA_LBA1	0x1f4
#define ATA_LBA2	0x1f5
#define ATA_DRIVE	0x1f6
#define ATA_CMD		0x1f7	/* status when read */
#define ATA_CTL		0x3f6
#define ATA_BSY		0x80
#define ATA_DRQ		0x08
#define ATA_ERR		0x01
#define ATA_READ	0x20
#define CHECKPOINT_PORT	0x8902
#define SECTOR		512
#define HEADER_SECTORS	8
#define MAGIC		"NVMX-PAYLOAD 1 "

static void pause_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void drain(const char *tty)
{
	int fd = open(tty, O_WRONLY | O_NOCTTY);

	if (fd >= 0) {
		tcdrain(fd);
		close(fd);
	}
}

/* Wait until the drive is not busy; the status, or -1 after ~10 s. */
static int ata_wait(void)
{
	unsigned long spins;

	for (spins = 0; spins < 100000000UL; spins++) {
		uint8_t st = inb(ATA_CMD);

		if (!(st & ATA_BSY))
			return st;
	}
	return -1;
}

/* Read count (1..256) sectors of the slave drive from lba into buf. */
static int ata_read(uint32_t lba, unsigned int count, void *buf)
{
	unsigned int i;
	int st;

	if (ata_wait() < 0)
		return -1;
	outb(0xf0 | ((lba >> 24) & 0x0f), ATA_DRIVE);	/* LBA, slave */
	if (ata_wait() < 0)
		return -1;
	outb(count & 0xff, ATA_COUNT);			/* 0 means 256 */
	outb(lba & 0xff, ATA_LBA0);
	outb((lba >> 8) & 0xff, ATA_LBA1);
	outb((lba >> 16) & 0xff, ATA_LBA2);
	outb(ATA_READ, ATA_CMD);
	for (i = 0; i < count; i++) {
		st = ata_wait();
		if (st < 0 || (st & ATA_ERR) || !(st & ATA_DRQ))
			return -1;
		insl(ATA_DATA, (char *)buf + i * SECTOR, SECTOR / 4);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[256 * SECTOR];
	static char hdr[HEADER_SECTORS * SECTOR + 1];
	unsigned long long size, left;
	uint32_t lba = HEADER_SECTORS;
	const char *params;
	char *nl;
	FILE *pf;
	int cp = argc > 1 && !strcmp(argv[1], "--checkpoint");

	if (argc != 2 + cp) {
		fprintf(stderr, "usage: nvmx-disk [--checkpoint] PARAMS_FILE\n");
		return 1;
	}
	params = argv[1 + cp];

	if (ioperm(ATA_DATA, 8, 1) || ioperm(ATA_CTL, 1, 1) ||
	    ioperm(CHECKPOINT_PORT, 1, 1)) {
		perror("nvmx-disk: ioperm");
		return 1;
	}
	outb(0x02, ATA_CTL);	/* nIEN: no interrupts, nobody would take them */
	if (cp) {
		/*
		 * What the serial lines still hold would go out after the
		 * restore, in every restored run: send it now, in the boot's
		 * own logs.
		 */
		drain("/dev/ttyS0");
		drain("/dev/ttyS1");
		outb('C', CHECKPOINT_PORT);
		pause_ms(20);
	}
	for (;;) {
		if (ata_read(0, HEADER_SECTORS, hdr)) {
			fprintf(stderr, "nvmx-disk: cannot read the payload disk's header\n");
			return 1;
		}
		hdr[HEADER_SECTORS * SECTOR] = '\0';
		if (!strncmp(hdr, MAGIC, strlen(MAGIC)))
			break;
		pause_ms(10);
	}
	size = strtoull(hdr + strlen(MAGIC), NULL, 10);
	nl = strchr(hdr, '\n');
	pf = fopen(params, "w");
	if (!nl || !pf || fputs(nl + 1, pf) < 0 || fclose(pf)) {
		fprintf(stderr, "nvmx-disk: cannot write the parameters to %s\n", params);
		return 1;
	}
	for (left = size; left; ) {
		unsigned long long n = (left + SECTOR - 1) / SECTOR;
		size_t out;

		if (n > 256)
			n = 256;
		if (ata_read(lba, n, buf)) {
			fprintf(stderr, "nvmx-disk: read error at sector %u\n", lba);
			return 1;
		}
		out = n * SECTOR < left ? n * SECTOR : left;
		if (fwrite(buf, 1, out, stdout) != out) {
			perror("nvmx-disk: write");
			return 1;
		}
		lba += n;
		left -= out;
	}
	return fflush(stdout) ? 1 : 0;
}
