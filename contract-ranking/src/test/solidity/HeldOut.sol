// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Held-out ranking fixtures: written on 2026-12-02 after the router simulation and effect probing existed, and never
// used to tune them. HeldOutRankingIT reports precision and recall of WARN/BLOCK on these (docs/benchmarks.md); only
// "no harmless contract at BLOCK" is asserted. Names say what each one is; "Ho" = held out.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// Harmful: 20 % taken from every transferFrom into the pair (a router's sell), plain transfers untaxed.
contract HoTransferFromTax is ERC20, Ownable {
    address public pair;
    constructor() ERC20("HoTax", "HOT") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function setPair(address p) external onlyOwner { pair = p; }
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (to == pair && from != owner()) {
            uint256 fee = value / 5;
            _spendAllowance(from, msg.sender, value);
            _transfer(from, owner(), fee);
            _transfer(from, to, value - fee);
            return true;
        }
        return super.transferFrom(from, to, value);
    }
}

/// Harmful: whoever buys from the pair is marked, and a marked wallet can never move its tokens again.
contract HoMarkBuyers is ERC20, Ownable {
    address public pair;
    mapping(address => bool) private marked;
    constructor() ERC20("HoMark", "HOM") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function setPair(address p) external onlyOwner { pair = p; }
    function _update(address from, address to, uint256 value) internal override {
        require(!marked[from] || from == owner(), "frozen");
        super._update(from, to, value);
        if (from == pair && pair != address(0)) marked[to] = true;
    }
}

/// Harmful: the owner can move any holder's tokens to itself ("rescue").
contract HoOwnerSweep is ERC20, Ownable {
    constructor() ERC20("HoSweep", "HOS") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function rescue(address from, uint256 amount) external onlyOwner { _transfer(from, owner(), amount); }
}

/// Harmful: the owner can mint through a function named like a routine sync.
contract HoSyncMint is ERC20, Ownable {
    constructor() ERC20("HoSync", "HOY") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function syncSupply(address to, uint256 amount) external onlyOwner { _mint(to, amount); }
}

/// Harmless: a plain owned token whose owner has no powers over holders.
contract HoPlainOwned is ERC20, Ownable {
    constructor() ERC20("HoPlain", "HOP") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
}

/// Harmless: burnable and permit (EIP-2612), no owner.
contract HoBurnPermit is ERC20, ERC20Burnable, ERC20Permit {
    constructor() ERC20("HoPermit", "HOR") ERC20Permit("HoPermit") { _mint(msg.sender, 1_000_000 ether); }
}

/// Harmless: governance votes (delegation, checkpoints), no owner.
contract HoVotes is ERC20, ERC20Permit, ERC20Votes {
    constructor() ERC20("HoVotes", "HOV") ERC20Permit("HoVotes") { _mint(msg.sender, 1_000_000 ether); }
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) { super._update(from, to, value); }
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) { return super.nonces(owner); }
}

/// Harmless but scary-looking: OpenZeppelin Multicall (a DELEGATECALL, to itself only).
contract HoMulticallToken is ERC20, Multicall {
    constructor() ERC20("HoMulti", "HOU") { _mint(msg.sender, 1_000_000 ether); }
}
