// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Token fixtures for contract-ranking: each one carries exactly the mechanism its name says. Every token mints
// 1,000,000 units to the deployer, who adds liquidity to a MiniPair; the pair is "the DEX" for buy/sell simulation.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract BenignToken is ERC20 {
    constructor() ERC20("Benign", "BEN") { _mint(msg.sender, 1_000_000 ether); }
}

/// Benign, but a constant carries 0xff (SELFDESTRUCT) and 0xf4 (DELEGATECALL) bytes as PUSH32 data.
contract BenignMagicConstant is ERC20 {
    uint256 public constant MAGIC = 0xfff4fff4fff4fff4fff4fff4fff4fff4fff4fff4fff4fff4fff4fff4fff4ff00;
    constructor() ERC20("Magic", "MAG") { _mint(msg.sender, 1_000_000 ether); }
    function mixed(uint256 x) external pure returns (uint256) { return x ^ MAGIC; }
}

contract OwnerMintable is ERC20, Ownable {
    constructor() ERC20("Mintable", "MNT") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function mint(address to, uint256 amount) external onlyOwner { _mint(to, amount); }
}

contract PausableToken is ERC20Pausable, Ownable {
    constructor() ERC20("Pausable", "PAU") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function pause() external onlyOwner { _pause(); }
    function unpause() external onlyOwner { _unpause(); }
}

contract BlacklistToken is ERC20, Ownable {
    mapping(address => bool) public isBlacklisted;
    constructor() ERC20("Blacklist", "BLK") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function blacklist(address who) external onlyOwner { isBlacklisted[who] = true; }
    function _update(address from, address to, uint256 value) internal override {
        require(!isBlacklisted[from] && !isBlacklisted[to], "blacklisted");
        super._update(from, to, value);
    }
}

/// Base for tokens that know their pair (transfers to it are sells, from it are buys).
abstract contract PairAware is ERC20, Ownable {
    address public pair;
    constructor(string memory n) ERC20(n, n) Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function setPair(address p) external onlyOwner { pair = p; }
}

contract HoneypotSellBlock is PairAware {
    constructor() PairAware("HONEY") {}
    function _update(address from, address to, uint256 value) internal override {
        if (to == pair && pair != address(0) && from != owner()) revert("sell disabled");
        super._update(from, to, value);
    }
}

contract WhitelistOnly is PairAware {
    mapping(address => bool) public whitelisted;
    constructor() PairAware("WHITE") { whitelisted[msg.sender] = true; }
    function setWhitelist(address who, bool on) external onlyOwner { whitelisted[who] = on; }
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) require(whitelisted[from] && whitelisted[to], "not whitelisted");
        super._update(from, to, value);
    }
}

contract FeeOnTransfer99 is PairAware {
    constructor() PairAware("TAX99") {}
    function _update(address from, address to, uint256 value) internal override {
        if (to == pair && pair != address(0) && from != owner()) {
            uint256 fee = value * 99 / 100;
            super._update(from, owner(), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

contract FeeModifiable is PairAware {
    uint256 public sellFee; // percent
    constructor() PairAware("FEEMOD") {}
    function setFee(uint256 fee) external onlyOwner { require(fee <= 100); sellFee = fee; }
    function _update(address from, address to, uint256 value) internal override {
        if (to == pair && pair != address(0) && sellFee > 0 && from != owner()) {
            uint256 fee = value * sellFee / 100;
            super._update(from, owner(), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

contract PersonalTax is PairAware {
    mapping(address => uint256) public feeOf; // percent, per sender
    constructor() PairAware("PTAX") {}
    function setAddressFee(address who, uint256 fee) external onlyOwner { require(fee <= 100); feeOf[who] = fee; }
    function _update(address from, address to, uint256 value) internal override {
        uint256 f = from == address(0) ? 0 : feeOf[from];
        if (f > 0) {
            uint256 fee = value * f / 100;
            super._update(from, owner(), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

contract CannotSellAll is PairAware {
    constructor() PairAware("KEEP1") {}
    function _update(address from, address to, uint256 value) internal override {
        if (to == pair && pair != address(0) && from != owner()) {
            require(value <= balanceOf(from) * 99 / 100, "must keep 1%");
        }
        super._update(from, to, value);
    }
}

contract CooldownToken is PairAware {
    mapping(address => uint256) public lastBuy;
    constructor() PairAware("COOL") {}
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && from != pair && from != owner()) {
            require(block.timestamp >= lastBuy[from] + 60, "cooldown");
        }
        if (from == pair) lastBuy[to] = block.timestamp;
        super._update(from, to, value);
    }
}

/// owner() reads zero, yet a hidden developer address can still mint.
contract HiddenOwner is ERC20, Ownable {
    address private _dev;
    constructor() ERC20("Hidden", "HID") Ownable(msg.sender) {
        _dev = msg.sender;
        _mint(msg.sender, 1_000_000 ether);
        _transferOwnership(address(0));
    }
    function mint(address to, uint256 amount) external {
        require(msg.sender == _dev, "not dev");
        _mint(to, amount);
    }
}

/// SafeMoon-style lock: renounces, then the previous owner may take ownership back.
contract TakeBackOwnership is ERC20, Ownable {
    address private _previousOwner;
    constructor() ERC20("TakeBack", "TBK") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function lock() external onlyOwner { _previousOwner = owner(); _transferOwnership(address(0)); }
    function unlock() external { require(msg.sender == _previousOwner, "not previous owner"); _transferOwnership(_previousOwner); }
}

contract BalanceSetter is ERC20, Ownable {
    constructor() ERC20("Setter", "SET") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function setBalance(address who, uint256 amount) external onlyOwner {
        uint256 b = balanceOf(who);
        if (amount > b) _mint(who, amount - b); else _burn(who, b - amount);
    }
}

interface IFeeRouter { function feeFor(address from, address to, uint256 amount) external returns (uint256); }

/// Every transfer asks an owner-set router how much to take.
contract ExternalFeeRouter is PairAware {
    address public feeRouter;
    constructor() PairAware("ROUTE") {}
    function setFeeRouter(address r) external onlyOwner { feeRouter = r; }
    function _update(address from, address to, uint256 value) internal override {
        if (feeRouter != address(0) && from != address(0)) {
            uint256 fee = IFeeRouter(feeRouter).feeFor(from, to, value);
            if (fee > 0) { super._update(from, owner(), fee); value -= fee; }
        }
        super._update(from, to, value);
    }
}

contract ZeroFeeRouter is IFeeRouter {
    function feeFor(address, address, uint256) external pure returns (uint256) { return 0; }
}

/// A honeypot that only a router sees: a plain transfer to the pair works (so a transfer-then-sell simulation passes),
/// but the router's transferFrom into the pair reverts for everyone but the owner.
contract RouterOnlyHoneypot is PairAware {
    constructor() PairAware("RHONEY") {}
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (to == pair && pair != address(0) && from != owner()) revert("sell disabled");
        return super.transferFrom(from, to, value);
    }
}

/// A mint by another name: the owner "distributes rewards" by creating new tokens.
contract RenamedMint is ERC20, Ownable {
    constructor() ERC20("Rewards", "RWD") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function distributeRewards(address to, uint256 amount) external onlyOwner { _mint(to, amount); }
}

/// An owner-only trading switch by another name: after configure(0), only the owner can move tokens.
contract HiddenTradingSwitch is ERC20, Ownable {
    bool public live = true;
    constructor() ERC20("Switch", "SWT") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function configure(uint256 mode) external onlyOwner { live = mode != 0; }
    function _update(address from, address to, uint256 value) internal override {
        if (!live && from != owner() && from != address(0)) revert("not live");
        super._update(from, to, value);
    }
}

/// The owner takes a holder's whole balance under a harmless name ("settle" an account).
contract HiddenSeize is ERC20, Ownable {
    constructor() ERC20("Settle", "STL") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function settleAccount(address account) external onlyOwner { _transfer(account, owner(), balanceOf(account)); }
}

/// A blacklist by another name: after review(account), that account can no longer send; everyone else can.
contract HiddenBlacklist is ERC20, Ownable {
    mapping(address => bool) private flagged;
    constructor() ERC20("Review", "RVW") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function review(address account) external onlyOwner { flagged[account] = true; }
    function _update(address from, address to, uint256 value) internal override {
        if (flagged[from]) revert("under review");
        super._update(from, to, value);
    }
}

/// An anti-whale launch token: no transfer but the owner's may move more than 500 tokens at once.
contract MaxTxToken is PairAware {
    uint256 public constant MAX_TX = 500 ether;
    constructor() PairAware("MAXTX") {}
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && from != owner() && to != owner()) require(value <= MAX_TX, "max tx");
        super._update(from, to, value);
    }
}
