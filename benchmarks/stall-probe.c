/*
 * stall-probe: does the machine stop running threads now and then?
 *
 * One thread pinned to each of CPUs 0 and 1 at real-time priority (SCHED_FIFO 90) sleeps 1 ms
 * at a time for SECONDS and notes every wake-up more than 3 ms late. A real-time thread is late only
 * when its CPU cannot run it at all, so late wakes at the same instant on both CPUs are stalls of
 * the whole machine, not load. docs/performance.md, "Huge pages", used it to find the memory
 * monitor's stalls.
 *
 *   gcc -O2 -pthread benchmarks/stall-probe.c -o /tmp/stall-probe
 *   sudo /tmp/stall-probe 10        # as root, for the real-time priority; run it beside a bench
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LATE 20000

typedef struct {
    int cpu;
    int late;
    double at[MAX_LATE];
    double by[MAX_LATE];
} Probe;

static double started, seconds;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *watch(void *arg) {
    Probe *p = arg;
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(p->cpu, &cpus);
    if (pthread_setaffinity_np(pthread_self(), sizeof cpus, &cpus)) {
        fprintf(stderr, "cpu%d: cannot run on this CPU only; its late wakes say nothing of the whole machine\n", p->cpu);
    }
    struct sched_param priority = {.sched_priority = 90};
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority)) {
        fprintf(stderr, "cpu%d: no real-time priority (run as root); late wakes then include load\n", p->cpu);
    }
    struct timespec one_ms = {0, 1000000};
    for (;;) {
        double before = now();
        nanosleep(&one_ms, NULL);
        double after = now();
        if (after - before > 0.004 && p->late < MAX_LATE) {
            p->at[p->late] = before - started;
            p->by[p->late] = after - before - 0.001;
            p->late++;
        }
        if (after - started > seconds) {
            return NULL;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2 || atof(argv[1]) <= 0) {
        fprintf(stderr, "usage: %s SECONDS\n", argv[0]);
        return 2;
    }
    seconds = atof(argv[1]);
    started = now();
    Probe *probes[2];
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) {
        probes[i] = calloc(1, sizeof(Probe));
        if (probes[i] == NULL) {
            perror("calloc");
            return 1;
        }
        probes[i]->cpu = i;
        int failed = pthread_create(&threads[i], NULL, watch, probes[i]);
        if (failed) {
            fprintf(stderr, "cannot start a probe thread: %s\n", strerror(failed));
            return 1;
        }
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
    }
    for (int i = 0; i < 2; i++) {
        double total = 0;
        for (int k = 0; k < probes[i]->late; k++) {
            total += probes[i]->by[k];
        }
        printf("cpu%d: %d late wakes >3ms, total %.1f ms\n", i, probes[i]->late, total * 1000);
        for (int k = 0; k < probes[i]->late; k++) {
            printf("  at %.3f s: %.1f ms late\n", probes[i]->at[k], probes[i]->by[k] * 1000);
        }
    }
    return 0;
}
