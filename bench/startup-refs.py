#!/usr/bin/env python3
"""Several references in one `stacksolo output` call against one: whole process, median of repeated runs.

Usage: bench/startup-refs.py [RUNS] [N]   (after `mvn -q -B -DskipTests package`; defaults 30 and 20)

Makes a throw-away registry with one project of N databases, each with outputs, then runs,
alternately, RUNS times each: `bin/stacksolo output <ref>` (one reference), `bin/stacksolo output
<ref1> … <refN>` (N references of N resources in one process), and a Java "hello world" with the same
JVM flags (the floor). Prints median and quartiles in milliseconds, and the ratio of N references to
one (issue 17's target: at most 1.3).
"""
import os, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
launcher = os.path.join(root, "bin", "stacksolo")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, STACKSOLO_REGISTRY_PATH=os.path.join(tmp, "registry.db"))
    env.pop("STACKSOLO_REGISTRY_URL", None)
    project = os.path.join(tmp, "shared-infra", ".stacksolo")
    os.makedirs(project)
    databases = ", ".join('{"name": "db-%d"}' % i for i in range(count))
    with open(os.path.join(project, "stacksolo.config.json"), "w") as f:
        f.write('{"project": {"name": "shared-infra", "gcpProjectId": "acme-shared", "region": "us-central1",'
                ' "networks": [{"name": "main", "databases": [' + databases + ']}]}}')
    subprocess.run([launcher, "sync"], cwd=os.path.dirname(project), env=env, check=True, stdout=subprocess.DEVNULL)
    for i in range(count):
        subprocess.run([launcher, "outputs", "set", "@shared-infra/main/db-%d" % i,
                        "connectionString=postgresql://app:pw@10.0.0.%d/users" % i, "host=10.0.0.%d" % i],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    hello = os.path.join(tmp, "Hello.java")
    with open(hello, "w") as f:
        f.write('public class Hello { public static void main(String[] a) { System.out.println("hi"); } }')
    java = os.environ.get("JAVA", "java")
    subprocess.run(["javac", "-d", tmp, hello], check=True)
    references = ["@shared-infra/main/db-%d.connectionString" % i for i in range(count)]
    one, several = "output, 1 reference", "output, %d references" % count
    commands = {
        one: [launcher, "output", references[0]],
        several: [launcher, "output"] + references,
        "java hello (floor)": [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", tmp, "Hello"],
    }
    printed = subprocess.run(commands[several], env=env, check=True, capture_output=True, text=True).stdout
    assert printed.splitlines() == ["postgresql://app:pw@10.0.0.%d/users" % i for i in range(count)], printed
    times = {name: [] for name in commands}
    for name, command in commands.items():  # warm-up: file cache
        for _ in range(3):
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append((time.perf_counter() - start) * 1000)
    for name, values in times.items():
        q = statistics.quantiles(values, n=4)
        print(f"{name:24s} median {statistics.median(values):6.1f} ms  (p25 {q[0]:6.1f}, p75 {q[2]:6.1f}, {runs} runs)")
    ratio = statistics.median(times[several]) / statistics.median(times[one])
    print(f"{count} references / 1 reference: {ratio:.2f}x (target: at most 1.3x)")
