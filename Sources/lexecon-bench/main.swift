// Benchmarks printing the figures the README quotes.
print("lexecon-bench: no benchmarks yet")
