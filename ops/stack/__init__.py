"""The assistant on localhost: its processes (services.py), nginx (nginx.py, templates/nginx.conf),
the whole stack (serve.py) and its command line, kine-stack (cli.py); kine-rasa (launch.py)."""
