"""The ports the stack and the tests give their servers (ops.stack.services.free_port)."""
import socket

from ops.stack import services


def test_a_free_port_is_free_and_outside_the_ports_of_outgoing_connections():
    # A port handed out by the kernel (bind to 0) was taken by an outgoing connection before nginx
    # started, once: « bind() to 127.0.0.1:52807 failed (98: Address already in use) ».
    ephemeral = services._ephemeral_ports()
    for port in {services.free_port() for _ in range(50)}:
        assert port not in ephemeral and 1024 < port < 65536
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
