// Request → decision → durable record → (approval) → execution → result record.
enum InterceptorPlaceholder {}
