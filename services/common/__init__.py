"""What every service shares: the wire models, topic declarations, settings, ids, logs, metrics."""
