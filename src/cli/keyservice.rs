//! `rsops keyservice`: sops' key service server.

use clap::{Args, ValueEnum};

use super::error::Error;
use crate::keyservice::server::{self, Network, Options};

#[derive(Args, Debug)]
pub struct KeyserviceArgs {
    /// Network to listen on
    #[arg(long, visible_alias = "net", value_enum, default_value_t = NetworkArg::Tcp)]
    network: NetworkArg,
    /// Address to listen on: host:port for tcp (loopback by default: the key service has no
    /// authentication), the socket's path for unix (created 0600)
    #[arg(
        long,
        visible_alias = "addr",
        default_value = "127.0.0.1:5000",
        value_name = "ADDRESS"
    )]
    address: String,
    /// Ask on the terminal before answering each request
    #[arg(long)]
    prompt: bool,
    /// Log each request's operation and key (never data)
    #[arg(long)]
    verbose: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum NetworkArg {
    Tcp,
    Unix,
}

pub fn run(args: KeyserviceArgs) -> Result<(), Error> {
    let options = Options {
        network: match args.network {
            NetworkArg::Tcp => Network::Tcp,
            NetworkArg::Unix => Network::Unix,
        },
        address: args.address,
        prompt: args.prompt,
        verbose: args.verbose,
    };
    server::run(&options).map_err(|e| Error::Failed(e.to_string()))
}
