# The valuekit workshop hub: JupyterHub's configuration for a room of learners on one server.
# Started by `make hub` / `valuekit hub` (which set the VALUEKIT_HUB_* variables read below and
# refuse unsafe ones); see docs/workshop_server.md. Every line is stock JupyterHub
# configuration (https://jupyterhub.readthedocs.io/en/stable/reference/config-reference.html);
# the three classes from valuekit.hub are thin subclasses of JupyterHub's own.
import sys
from pathlib import Path

from valuekit.hub import names
from valuekit.hub.settings import from_env

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
s = from_env()  # raises (and the hub does not start) without a password off loopback
kit_root = Path(__file__).resolve().parents[1]

# --- Where the hub listens and keeps its state (private to root: cookie secret, database)
c.JupyterHub.bind_url = f"http://{s.ip}:{s.port}"
c.JupyterHub.hub_ip = "127.0.0.1"  # the hub's own API: only the proxy and servers talk to it
c.JupyterHub.hub_port = s.port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.port + 2}"
c.JupyterHub.cookie_secret_file = str(s.state / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{s.state / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(s.state / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [str(kit_root / "hub/node_modules/.bin/configurable-http-proxy")]
# A hub restart (upgrade, crash) must not stop the room: servers and the proxy keep running.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.JupyterHub.concurrent_spawn_limit = 20  # a room logging in at once; measured in benchmarks

# --- Login: one workshop password, learners choose their name; trainers are admins
c.JupyterHub.authenticator_class = "valuekit.hub.spawner.WorkshopAuthenticator"
c.SharedPasswordAuthenticator.user_password = s.password
if s.admins:
    c.SharedPasswordAuthenticator.admin_password = s.admin_password
    c.Authenticator.admin_users = {names.normalize(a) for a in s.admins}
c.Authenticator.allow_all = True  # anyone with the password may pick a (new) name

# --- Learners: own system account (prefix), own copy of the course, the kit's environment
c.JupyterHub.spawner_class = "valuekit.hub.spawner.WorkshopSpawner"
c.WorkshopSpawner.user_prefix = s.user_prefix
c.WorkshopSpawner.env_dir = str(s.env_dir)
c.WorkshopSpawner.kit_dir = str(s.kit_dir)
c.Spawner.cmd = [
    str(s.env_dir / "bin/python"), "-m", "valuekit.hub.learner",
    str(s.env_dir / "bin/jupyterhub-singleuser"),
]
c.Spawner.default_url = "/lab/tree/workshop"
c.Spawner.args = [  # JupyterLab offline, as `make lab`: no news, no update check, no PyPI
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    # kernels idle for the culler's timeout are shut down inside each server
    f"--MappingKernelManager.cull_idle_timeout={s.idle_timeout}",
    "--MappingKernelManager.cull_interval=300",
]
# A room starting at once shares the cores: 20 servers on a loaded 2-core machine needed
# more than 120 s each (benchmarks/hub.md); a slow start is better than a failed one.
c.Spawner.http_timeout = 600
c.Spawner.start_timeout = 600

# --- Limits per learner (valuekit.hub.limits: cgroups where the hub may create them)
c.Spawner.mem_limit = s.mem_limit
c.Spawner.cpu_limit = s.cpu_limit
c.WorkshopSpawner.max_processes = s.max_processes

# --- Services: idle culling (jupyterhub-idle-culler), and an optional trainer API token
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={s.idle_timeout}", "--cull-every=300"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
if s.service_token:  # for a trainer's script (the load test drives the room with it)
    c.JupyterHub.services.append({"name": "trainer-api", "api_token": s.service_token})
    c.JupyterHub.load_roles.append({
        "name": "trainer-api",
        "scopes": ["list:users", "read:users", "admin:servers", "access:servers",
                   "read:users:activity"],
        "services": ["trainer-api"],
    })
