"""Message broker port and its adapters (in-process and RabbitMQ)."""
