"""Entity resolution: normalise, block, decide, cluster into canonical ids."""
