package io.rtml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine the figures came from: cores, CPU model and memory, read from /proc where there is one. */
record Machine(int cores, String cpu, long memoryMiB, String java) {

    static Machine describe() {
        String cpu = "unknown CPU";
        long memKiB = 0;
        try {
            List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            // not Linux: cores and Java still say something
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpu, memKiB / 1024,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    String oneLine() {
        return String.format(Locale.ROOT, "%d cores (nproc), %s, %.1f GiB memory, %s", cores, cpu,
                memoryMiB / 1024.0, java);
    }
}
