#!/usr/bin/env python3
"""What --mode mpi costs, measured on this machine (figures for docs/distributed.md).

    scripts/mpi_costs.py --input CORPUS [--binary build/apps/mpingest] [--rounds 9]

1. `mpirun -n 2 ... --mode mpi` against `--mode fork --shards 2`, interleaved,
   rr and queue: the work phase's throughput (items / work_s, medians) and
   MPI's start-up (mpirun to the last rank's first item), reported apart.
2. Two ranks over TCP (two hosts played by this machine through
   tests/mpi/fake-ssh, loopback) against two over shared memory: what a
   batch claim costs the remote rank (its wait per claim, queue dispatch,
   --batch 1 so that claims dominate), and what its result costs per MiB
   from ready to received (serialize, send, transit: send_s, which rank 0
   can time because both "hosts" share this machine's clock), and to
   decode (ipc_s, the same on both paths); --task words, whose results are
   large.

It sets the environment mpirun needs here itself (as root, oversubscribed,
yielding) and checks that every run gives the same totals.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_SSH = os.path.join(HERE, "..", "tests", "mpi", "fake-ssh")
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_mpi_yield_when_idle="1")
TCP_HOSTS = ["--host", "localhost:1,127.0.0.2:1", "--mca", "plm_rsh_agent", FAKE_SSH, "--mca", "btl", "tcp,self",
             "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"]


def run(command):
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                          check=False)
    if done.returncode not in (0, 1):
        sys.exit("%s: exit %d: %s" % (" ".join(command), done.returncode, done.stderr.decode(errors="replace")))
    return json.loads(done.stdout)


def mpingest(binary, corpus, flags):
    return [binary, "--input", corpus, "--format", "json", "-q"] + flags


def mpirun(binary, corpus, ranks, flags, mpirun_flags=()):
    return ["mpirun", "-n", str(ranks), "--bind-to", "none"] + list(mpirun_flags) + \
        mpingest(binary, corpus, ["--mode", "mpi"] + flags)


def median(values):
    return statistics.median(values) if values else float("nan")


def one_machine(binary, corpus, rounds):
    print("## mpirun -n 2 --mode mpi against --mode fork --shards 2 (%d interleaved rounds, medians)" % rounds)
    print("%-12s %-6s %12s %12s %10s %12s" % ("mode", "dispatch", "work items/s", "wall_s", "mpi/fork", "mpi start-up"))
    for dispatch in ("rr", "queue"):
        cases = {"fork": mpingest(binary, corpus, ["--mode", "fork", "--shards", "2", "--dispatch", dispatch]),
                 "mpi": mpirun(binary, corpus, 2, ["--dispatch", dispatch])}
        rates = {name: [] for name in cases}
        walls = {name: [] for name in cases}
        startup = []
        totals = None
        for r in range(rounds + 1):  # round 0 warms up
            for name in (list(cases) if r % 2 else list(reversed(cases))):
                report = run(cases[name])
                if totals is None:
                    totals = report["totals"]
                elif report["totals"] != totals:
                    sys.exit("%s %s: the totals differ" % (name, dispatch))
                if r == 0:
                    continue
                rates[name].append(report["totals"]["items"] / report["timing"]["work_s"])
                walls[name].append(report["timing"]["wall_s"])
                if name == "mpi":
                    startup.append(report["timing"]["mpi_startup_s"])
        ratio = median(rates["mpi"]) / median(rates["fork"])
        for name in cases:
            print("%-12s %-6s %12.0f %12.3f %10s %12s" % (
                name, dispatch, median(rates[name]), median(walls[name]),
                "%.2f" % ratio if name == "mpi" else "",
                "%.3f s" % median(startup) if name == "mpi" else ""))


def remote_costs(report):
    remote = [w for w in report["workers"] if w["id"] != 0]
    claims = sum(w["claims"] for w in remote)
    wait = sum(w["wait_s"] for w in remote)
    mib = sum(w["ipc_bytes"] for w in remote) / float(1 << 20)
    send = sum(w["send_s"] for w in remote)
    decode = sum(w["ipc_s"] for w in remote)
    nan = float("nan")
    return (wait / claims if claims else nan, send / mib if mib else nan, decode / mib if mib else nan,
            mib * (1 << 20) / max(len(remote), 1))


def network_path(binary, corpus, rounds):
    print()
    print("## 2 ranks over shared memory against 2 ranks on two hosts over TCP (loopback), medians of %d" % rounds)
    print("%-16s %22s %20s %20s %14s" % ("path", "claim wait per batch", "send per MiB", "decode per MiB",
                                         "result bytes"))
    paths = {"shared memory": (), "tcp, two hosts": TCP_HOSTS}
    for name, flags in paths.items():
        per_claim, send, decode, sizes = [], [], [], []
        for r in range(rounds):
            claim_report = run(mpirun(binary, corpus, 2, ["--dispatch", "queue", "--batch", "1"], flags))
            words_report = run(mpirun(binary, corpus, 2, ["--task", "words"], flags))
            per_claim.append(remote_costs(claim_report)[0])
            _, send_mib, decode_mib, size = remote_costs(words_report)
            send.append(send_mib)
            decode.append(decode_mib)
            sizes.append(size)
        print("%-16s %19.1f us %17.1f ms %17.1f ms %14.0f" % (
            name, median(per_claim) * 1e6, median(send) * 1e3, median(decode) * 1e3, median(sizes)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "apps", "mpingest"))
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    one_machine(args.binary, args.input, args.rounds)
    network_path(args.binary, args.input, max(3, args.rounds // 3))


if __name__ == "__main__":
    main()
