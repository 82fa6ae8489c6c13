// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

contract SelfDestructible is Ownable {
    constructor() Ownable(msg.sender) {}
    receive() external payable {}
    function destroy() external onlyOwner { selfdestruct(payable(owner())); }
}

/// Delegates to any address the owner names: DELEGATECALL outside a proxy.
contract DelegateExecutor is Ownable {
    constructor() Ownable(msg.sender) {}
    function execute(address target, bytes calldata data) external onlyOwner returns (bytes memory) {
        (bool ok, bytes memory out) = target.delegatecall(data);
        require(ok, "failed");
        return out;
    }
}

contract CloneFactory {
    event Cloned(address clone);
    function clone(address implementation) external returns (address c) {
        c = Clones.clone(implementation);
        emit Cloned(c);
    }
}

/// x*y=k pair of native ETH and one token; a transfer to the pair followed by sell() is a sell, buy() is a buy.
contract MiniPair {
    IERC20 public immutable token;
    uint256 public reserveToken;
    uint256 public reserveEth;
    constructor(address t) { token = IERC20(t); }
    function addLiquidity() external payable {
        reserveToken = token.balanceOf(address(this));
        reserveEth = address(this).balance;
    }
    function quoteBuy(uint256 ethIn) public view returns (uint256) { return reserveToken * ethIn / (reserveEth + ethIn); }
    function buy(address to) external payable returns (uint256 out) {
        out = reserveToken * msg.value / (reserveEth + msg.value);
        require(token.transfer(to, out), "transfer failed");
        reserveToken = token.balanceOf(address(this));
        reserveEth = address(this).balance;
    }
    function sell(address payable to) external returns (uint256 out) {
        uint256 balance = token.balanceOf(address(this));
        uint256 amountIn = balance - reserveToken;
        out = reserveEth * amountIn / (reserveToken + amountIn);
        reserveToken = balance;
        reserveEth -= out;
        (bool ok,) = to.call{value: out}("");
        require(ok, "eth send failed");
    }
}
