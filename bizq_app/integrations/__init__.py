"""Outside services, each behind one interface with an offline default and real adapters."""
