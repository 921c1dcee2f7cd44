#!/usr/bin/env python3
"""Start-up of `stacksolo output`: whole process, median of repeated runs.

Usage: bench/startup.py [RUNS]   (after `mvn -q -B -DskipTests package`)

Makes a throw-away registry with one project and one output, then runs, alternately, RUNS times each:
`bin/stacksolo output <ref>` and a Java "hello world" with the same JVM flags (the floor any JVM
command pays on this machine). Prints the median and quartiles of each, in milliseconds.
"""
import os, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
launcher = os.path.join(root, "bin", "stacksolo")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, STACKSOLO_REGISTRY_PATH=os.path.join(tmp, "registry.db"))
    env.pop("STACKSOLO_REGISTRY_URL", None)
    project = os.path.join(tmp, "shared-infra", ".stacksolo")
    os.makedirs(project)
    with open(os.path.join(project, "stacksolo.config.json"), "w") as f:
        f.write('{"project": {"name": "shared-infra", "gcpProjectId": "acme", "region": "us-central1",'
                ' "networks": [{"name": "main", "databases": [{"name": "users-db"}]}]}}')
    subprocess.run([launcher, "sync"], cwd=os.path.dirname(project), env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([launcher, "outputs", "set", "@shared-infra/main/users-db",
                    "connectionString=postgresql://app:pw@10.0.0.5/users"], env=env, check=True, stdout=subprocess.DEVNULL)
    hello = os.path.join(tmp, "Hello.java")
    with open(hello, "w") as f:
        f.write('public class Hello { public static void main(String[] a) { System.out.println("hi"); } }')
    java = os.environ.get("JAVA", "java")
    subprocess.run(["javac", "-d", tmp, hello], check=True)
    commands = {
        "stacksolo output": [launcher, "output", "@shared-infra/main/users-db.connectionString"],
        "java hello (floor)": [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", tmp, "Hello"],
    }
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
        print(f"{name:20s} median {statistics.median(values):6.1f} ms  (p25 {q[0]:6.1f}, p75 {q[2]:6.1f}, {runs} runs)")
